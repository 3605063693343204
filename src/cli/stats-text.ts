import type { DurationSummary, LedgerStats } from '../ledger/stats.js';
import { formatDuration, formatUsd } from '../report/format.js';

/** `n` of `total` as a whole percentage; 0 of 0 is 0%. */
export function percent(n: number, total: number): string {
  return `${total > 0 ? Math.round((100 * n) / total) : 0}%`;
}

/** The `cyrus stats` text: the headline figures first, then fallbacks, retries, durations. */
export function renderStatsText(stats: LedgerStats, ledger: string): string[] {
  const { byLocation, totalTasks } = stats;
  const split = [
    `Local: ${byLocation.local} (${percent(byLocation.local, totalTasks)})`,
    `Cloud: ${byLocation.cloud} (${percent(byLocation.cloud, totalTasks)})`,
    ...(byLocation.other > 0
      ? [`Other: ${byLocation.other} (${percent(byLocation.other, totalTasks)})`]
      : []),
  ];
  const routes = Object.entries(stats.fallbackRoutes)
    .map(([route, n]) => `${route}: ${n}`)
    .join(', ');
  const lines = [
    `Total tasks: ${totalTasks}`,
    split.join(' | '),
    stats.successRate === null
      ? 'Success rate: n/a (no task has finished)'
      : `Success rate: ${Math.round(stats.successRate * 100)}%`,
    `Total cost: ${formatUsd(stats.cost.totalUsd)}`,
    `Fallbacks: ${stats.fallbacks}${routes ? ` (${routes})` : ''}`,
    `Retries: ${stats.retries} (${stats.attempts} attempt${stats.attempts === 1 ? '' : 's'} in all)`,
    `Durations: ${durations(stats)}`,
  ];
  if (stats.inFlight > 0) {
    lines.push(`In flight: ${stats.inFlight} (not finished; not counted in the success rate)`);
  }
  if (stats.cost.estimatedUsd > 0) {
    lines.push(
      `Estimated: ${formatUsd(stats.cost.estimatedUsd, true)} of the total cost is estimated (Codegen reports no cost)`,
    );
  }
  const window =
    stats.from === null ? `all, up to ${stats.to}` : `${stats.period}, ${stats.from} to ${stats.to}`;
  lines.push(`Period: ${window} (UTC); ledger ${ledger}`);
  return lines;
}

function durations(stats: LedgerStats): string {
  const parts = (['local', 'cloud', 'other'] as const)
    .filter((location) => stats.durations[location].count > 0)
    .map((location) => `${location} ${describe(stats.durations[location])}`);
  return parts.length > 0 ? parts.join(' | ') : 'no finished runs';
}

function describe(d: DurationSummary): string {
  return `median ${formatDuration(d.medianMs ?? 0)}, p90 ${formatDuration(d.p90Ms ?? 0)} (${d.count} run${d.count === 1 ? '' : 's'})`;
}

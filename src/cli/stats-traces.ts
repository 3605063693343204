import type { TraceStats, TraceTotals } from '../ledger/trace-stats.js';

/** Tools listed per line, most used first. */
const TOOLS_LISTED = 8;

function toolList(totals: TraceTotals): string {
  const sorted = Object.entries(totals.tools).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  const shown = sorted.slice(0, TOOLS_LISTED).map(([name, n]) => `${name} ${n}`);
  const rest = sorted.length - shown.length;
  return [...shown, ...(rest > 0 ? [`+${rest} more`] : [])].join(', ') || 'none';
}

function totalsLine(totals: TraceTotals): string {
  const perAttempt = totals.attempts > 0 ? Math.round(totals.turns / totals.attempts) : 0;
  return `${totals.attempts} traced attempt${totals.attempts === 1 ? '' : 's'}, ${totals.toolCalls} tool call(s), ${totals.turns} turn(s) (about ${perAttempt} per attempt); tools: ${toolList(totals)}`;
}

/** The `cyrus stats` lines about traces (features.enableTracing); none when no attempt kept one. */
export function renderTraceStatsText(stats: TraceStats): string[] {
  if (stats.all.attempts === 0) return [];
  const executors = Object.entries(stats.byExecutor).sort(([a], [b]) => a.localeCompare(b));
  return [
    `Traces: ${totalsLine(stats.all)}`,
    ...(executors.length > 1 ? executors.map(([name, totals]) => `  ${name}: ${totalsLine(totals)}`) : []),
  ];
}

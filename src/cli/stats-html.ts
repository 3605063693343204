import type { LedgerStats } from '../ledger/stats.js';
import { formatUsd } from '../report/format.js';
import { renderStatsText } from './stats-text.js';
import { barChart, escapeXml } from './svg-chart.js';

const COLORS = { local: '#2563eb', cloud: '#7c3aed', other: '#6b7280', spend: '#0d9488', over: '#dc2626' };

export interface StatsPageMeta {
  ledger: string;
  generatedAt: string;
}

/**
 * One self-contained page: the figures of `cyrus stats` and three inline SVG charts. Nothing is
 * loaded from anywhere (the CSP forbids it); the one inline script only marks which charts drew.
 */
export function renderStatsHtml(stats: LedgerStats, meta: StatsPageMeta): string {
  const days = stats.daily.map((d) => d.date.slice(5));
  const tasksChart = barChart({
    id: 'tasks-per-day',
    title: 'Tasks per day by executor',
    categories: days,
    layout: 'stacked',
    series: [
      { name: 'local', color: COLORS.local, values: stats.daily.map((d) => d.tasks.local) },
      { name: 'cloud', color: COLORS.cloud, values: stats.daily.map((d) => d.tasks.cloud) },
      ...(stats.byLocation.other > 0
        ? [{ name: 'other', color: COLORS.other, values: stats.daily.map((d) => d.tasks.other) }]
        : []),
    ],
    formatValue: (v) => String(Math.round(v)),
    integer: true,
    emptyText: 'No tasks in this period',
  });

  // The cap limits what the spend files commit; without any spend file, the attempts' costs stand in.
  const useSpend = stats.daily.some((d) => d.committedUsd > 0);
  const cap = stats.maxCostPerDayUsd;
  const costChart = barChart({
    id: 'cost-per-day',
    title: 'Cost per day against the daily cap',
    categories: days,
    layout: 'stacked',
    series: [
      {
        name: useSpend ? 'committed (spend file)' : 'attempt cost',
        color: COLORS.spend,
        values: stats.daily.map((d) => (useSpend ? d.committedUsd : d.costUsd)),
        colorOf: (value) => (cap !== undefined && value > cap + 1e-9 ? COLORS.over : undefined),
      },
    ],
    reference: cap === undefined ? undefined : { value: cap, label: `daily cap ${formatUsd(cap)}` },
    formatValue: (v) => formatUsd(v),
    emptyText: 'No spend in this period',
  });

  const strategies = [...new Set(stats.successByStrategy.map((g) => g.strategy))];
  const rateOf = (strategy: string, location: string) => {
    const group = stats.successByStrategy.find((g) => g.strategy === strategy && g.location === location);
    // A 0% rate still draws a sliver so it reads differently from "no finished task".
    return group?.rate === null || group?.rate === undefined ? null : Math.max(group.rate * 100, 0.5);
  };
  const successChart = barChart({
    id: 'success-rate',
    title: 'Success rate by executor and strategy',
    categories: strategies,
    layout: 'grouped',
    series: (['local', 'cloud', 'other'] as const)
      .filter((location) => stats.successByStrategy.some((g) => g.location === location))
      .map((location) => ({
        name: location,
        color: COLORS[location],
        values: strategies.map((s) => rateOf(s, location)),
      })),
    max: 100,
    formatValue: (v) => `${Math.round(v)}%`,
    emptyText: 'No finished tasks in this period',
  });

  const figures = renderStatsText(stats, meta.ledger)
    .map((line) => `<li>${escapeXml(line)}</li>`)
    .join('\n');
  const groups = stats.successByStrategy
    .map(
      (g) =>
        `<tr><td>${escapeXml(g.strategy)}</td><td>${g.location}</td><td>${g.succeeded} / ${g.finished}</td>` +
        `<td>${g.rate === null ? '—' : `${Math.round(g.rate * 100)}%`}</td></tr>`,
    )
    .join('\n');

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cyrus stats: ${escapeXml(stats.period)}</title>
<style>
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px auto; max-width: 820px; color: #111827; background: #fff; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
ul.figures { list-style: none; padding: 0; font-family: ui-monospace, monospace; }
svg.chart { display: block; max-width: 100%; height: auto; border: 1px solid #e5e7eb; border-radius: 6px; }
svg text { font: 11px system-ui, sans-serif; fill: #374151; }
svg text.empty { font-size: 14px; fill: #6b7280; }
table { border-collapse: collapse; margin-top: 12px; } td, th { border: 1px solid #e5e7eb; padding: 4px 10px; text-align: left; }
footer { color: #6b7280; margin-top: 24px; font-size: 12px; }
</style>
</head>
<body>
<h1>cyrus stats — ${escapeXml(stats.period)}</h1>
<ul class="figures">
${figures}
</ul>
<h2>Tasks per day by executor</h2>
${tasksChart}
<h2>Cost per day against the daily cap</h2>
${costChart}
<h2>Success rate by executor and strategy</h2>
${successChart}
<table>
<tr><th>strategy</th><th>executor</th><th>succeeded / finished</th><th>rate</th></tr>
${groups || '<tr><td colspan="4">No finished tasks in this period</td></tr>'}
</table>
<footer>Generated ${escapeXml(meta.generatedAt)} from ${escapeXml(meta.ledger)}. Codegen costs are estimates: its API reports no cost.</footer>
<script>
// Marks each chart with how many of its bars have a drawn size, for checks in a headless browser.
for (const svg of document.querySelectorAll('svg.chart')) {
  let drawn = 0;
  for (const mark of svg.querySelectorAll('.mark')) {
    const box = mark.getBBox();
    if (box.width > 0 && box.height > 0) drawn += 1;
  }
  svg.setAttribute('data-drawn', String(drawn));
}
document.documentElement.setAttribute('data-charts-ready', 'true');
</script>
</body>
</html>
`;
}

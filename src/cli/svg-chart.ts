/** Bar charts as inline SVG strings: no library, no network, the same bytes for the same data. */

export interface ChartSeries {
  name: string;
  color: string;
  /** One value per category; null draws nothing (no data, as opposed to zero). */
  values: (number | null)[];
  /** Per-value colour override (a day over the cap). */
  colorOf?: (value: number, index: number) => string | undefined;
}

export interface BarChartSpec {
  id: string;
  title: string;
  categories: string[];
  series: ChartSeries[];
  /** Stacked bars (one column per category) or grouped bars (side by side). */
  layout: 'stacked' | 'grouped';
  formatValue: (value: number) => string;
  /** A horizontal reference line, e.g. the daily budget. */
  reference?: { value: number; label: string };
  /** A fixed top of the scale (100 for percentages). */
  max?: number;
  /** Counts: the scale's ticks are whole numbers. */
  integer?: boolean;
  /** Shown instead of bars when there is nothing to draw. */
  emptyText: string;
}

const WIDTH = 760;
const HEIGHT = 280;
const PAD = { top: 28, right: 16, bottom: 46, left: 64 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const num = (n: number) => (Math.round(n * 100) / 100).toString();

/** A round top for the axis: 1, 2, 2.5 or 5 times a power of ten, at or above `value`. */
function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= value) ?? 10;
  return step * power;
}

export function barChart(spec: BarChartSpec): string {
  const n = spec.categories.length;
  const totals = spec.categories.map((_, i) =>
    spec.layout === 'stacked'
      ? spec.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0)
      : Math.max(0, ...spec.series.map((s) => s.values[i] ?? 0)),
  );
  const hasData = spec.series.some((s) => s.values.some((v) => v !== null && v > 0));
  const highest = Math.max(...totals, spec.reference?.value ?? 0);
  const top = spec.max ?? (spec.integer ? Math.max(4, Math.ceil(highest / 4) * 4) : niceMax(highest));
  const y = (v: number) => PAD.top + PLOT_H - (Math.min(v, top) / top) * PLOT_H;
  const slot = PLOT_W / Math.max(1, n);
  const barW = Math.max(1, slot * 0.72);

  const parts: string[] = [];
  parts.push(
    `<svg class="chart" id="${escapeXml(spec.id)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeXml(spec.title)}">`,
    `<title>${escapeXml(spec.title)}</title>`,
  );
  // Grid and y labels.
  for (let k = 0; k <= 4; k++) {
    const value = (top * k) / 4;
    const gy = num(y(value));
    parts.push(
      `<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${gy}" y2="${gy}" stroke="#e5e7eb"/>`,
      `<text class="tick" x="${PAD.left - 6}" y="${gy}" dy="0.32em" text-anchor="end">${escapeXml(spec.formatValue(value))}</text>`,
    );
  }
  // X labels, thinned to about a dozen.
  const every = Math.max(1, Math.ceil(n / 12));
  spec.categories.forEach((category, i) => {
    if (i % every !== 0 && i !== n - 1) return;
    const cx = num(PAD.left + slot * i + slot / 2);
    parts.push(
      `<text class="category" x="${cx}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle">${escapeXml(category)}</text>`,
    );
  });
  parts.push(
    `<line class="axis" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${PAD.top + PLOT_H}" y2="${PAD.top + PLOT_H}" stroke="#374151"/>`,
  );

  if (!hasData) {
    parts.push(
      `<text class="empty" x="${PAD.left + PLOT_W / 2}" y="${PAD.top + PLOT_H / 2}" text-anchor="middle">${escapeXml(spec.emptyText)}</text>`,
    );
  }
  spec.categories.forEach((category, i) => {
    let base = 0;
    spec.series.forEach((series, s) => {
      const value = series.values[i];
      if (value === null || value === undefined || value <= 0) return;
      const width = spec.layout === 'stacked' ? barW : barW / spec.series.length;
      const x = PAD.left + slot * i + (slot - barW) / 2 + (spec.layout === 'stacked' ? 0 : width * s);
      const y0 = spec.layout === 'stacked' ? base : 0;
      const yTop = y(y0 + value);
      const height = y(y0) - yTop;
      base += spec.layout === 'stacked' ? value : 0;
      const color = series.colorOf?.(value, i) ?? series.color;
      parts.push(
        `<rect class="mark" data-series="${escapeXml(series.name)}" data-category="${escapeXml(category)}" data-value="${num(value)}" ` +
          `x="${num(x)}" y="${num(yTop)}" width="${num(Math.max(1, width - 1))}" height="${num(Math.max(0.5, height))}" fill="${color}">` +
          `<title>${escapeXml(`${category} · ${series.name}: ${spec.formatValue(value)}`)}</title></rect>`,
      );
    });
  });
  if (spec.reference) {
    const lineY = y(spec.reference.value);
    const ry = num(lineY);
    // The label stays inside the plot, on the right, away from the legend row above it: over the
    // line, or under it when the line is the top of the scale (a cap with no spend, or the highest day).
    const labelY = num(lineY - PAD.top < 16 ? lineY + 16 : lineY - 6);
    parts.push(
      `<line class="reference" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${ry}" y2="${ry}" stroke="#dc2626" stroke-width="2" stroke-dasharray="6 4"/>`,
      `<text class="reference-label" x="${WIDTH - PAD.right - 4}" y="${labelY}" text-anchor="end" fill="#dc2626" stroke="#ffffff" stroke-width="3" paint-order="stroke">${escapeXml(spec.reference.label)}</text>`,
    );
  }
  // Legend.
  spec.series.forEach((series, s) => {
    const lx = PAD.left + s * 150;
    parts.push(
      `<rect class="legend" x="${lx}" y="8" width="12" height="12" fill="${series.color}"/>`,
      `<text class="legend-label" x="${lx + 18}" y="18">${escapeXml(series.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

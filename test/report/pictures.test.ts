import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IssueRecord } from '../../src/ledger/records.js';
import { type JobReport, renderJobSummary } from '../../src/report/index.js';
import { browserOrSkip } from '../helpers/browser.js';
import { decodePng } from '../helpers/chromium.js';
import { renderMarkdownPage, screenshotPage } from '../helpers/mermaid-page.js';
import { dryRunReport, failureReport, hybridRecord, hybridReport, skippedReport } from './fixtures.js';

/** The hybrid run squeezed into `spanMs` from its first start, as the demo's 13-second run is. */
function compressed(record: IssueRecord, spanMs: number, titles?: Record<string, string>): IssueRecord {
  const all = Object.values(record.tasks).flatMap((t) => t.attempts);
  const times = all
    .flatMap((a) => [a.startedAt, a.finishedAt].filter((x): x is string => x !== undefined))
    .map(Date.parse);
  const [first, last] = [Math.min(...times), Math.max(...times)];
  const squeeze = (iso: string | undefined) =>
    iso === undefined
      ? undefined
      : new Date(first + ((Date.parse(iso) - first) * spanMs) / (last - first)).toISOString();
  return IssueRecord.parse({
    ...record,
    plan: record.plan && {
      ...record.plan,
      tasks: record.plan.tasks.map((t) => ({ ...t, title: titles?.[t.id] ?? t.title })),
    },
    tasks: Object.fromEntries(
      Object.entries(record.tasks).map(([id, task]) => [
        id,
        {
          ...task,
          title: titles?.[id] ?? task.title,
          attempts: task.attempts.map((a) => ({
            ...a,
            startedAt: squeeze(a.startedAt),
            finishedAt: squeeze(a.finishedAt),
          })),
        },
      ]),
    ),
  });
}

const withRecord = (record: IssueRecord, now: string): JobReport => ({
  ...hybridReport,
  strategy: { name: 'hybrid-smart', reason: 'set by the `strategy` input' },
  work: { record, now },
});

const LONG_TITLES = {
  t1: 'Migrate every authentication endpoint to the new session API',
  t2: 'Move session storage from cookies into a Redis cluster',
};

/** Non-white pixels of a screenshot: a blank page (nothing drawn) has none. */
function inkPixels(png: string): number {
  const image = decodePng(readFileSync(png));
  let ink = 0;
  for (let p = 0; p < image.width * image.height; p++) {
    if ((image.rgba[p * 4] ?? 255) < 200 || (image.rgba[p * 4 + 1] ?? 255) < 200) ink++;
  }
  return ink;
}

describe('the job summary as GitHub draws it (marked + mermaid in headless Chromium)', () => {
  it('every mermaid diagram of every summary parses and renders with the real mermaid', async (context) => {
    browserOrSkip(context);
    const summaries = [hybridReport, failureReport, dryRunReport, skippedReport]
      .map(renderJobSummary)
      .join('\n\n');
    const page = await renderMarkdownPage(summaries);
    expect(page.diagrams.length).toBeGreaterThanOrEqual(3);
    for (const diagram of page.diagrams) expect(diagram.error).toBeUndefined();
    expect(page.diagrams.every((d) => d.ok)).toBe(true);
    // The plan flowcharts draw a node per task (4 in the hybrid run, 2 in the dry run).
    expect(page.diagrams.filter((d) => d.nodes > 0).map((d) => d.nodes)).toEqual([4, 2]);
  });

  it('a 13-second run: the gantt labels each tick with its own time', async (context) => {
    browserOrSkip(context);
    const report = withRecord(compressed(hybridRecord, 13_000), hybridRecord.updatedAt);
    const page = await renderMarkdownPage(renderJobSummary(report));
    const gantt = page.diagrams.find((d) => d.ticks.length > 0);
    expect(gantt?.ok).toBe(true);
    expect(gantt?.ticks.length).toBeGreaterThanOrEqual(3);
    expect(new Set(gantt?.ticks).size).toBe(gantt?.ticks.length);
    const png = await screenshotPage(page.file, 'summary-13s-run');
    expect(inkPixels(png)).toBeGreaterThan(5_000);
  });

  it('a 40-minute run and a 3-day one: ticks still distinct', async (context) => {
    browserOrSkip(context);
    for (const span of [40 * 60_000, 3 * 24 * 3_600_000]) {
      const page = await renderMarkdownPage(
        renderJobSummary(withRecord(compressed(hybridRecord, span), hybridRecord.updatedAt)),
      );
      const gantt = page.diagrams.find((d) => d.ticks.length > 0);
      expect(gantt?.ticks.length, String(span)).toBeGreaterThanOrEqual(3);
      expect(new Set(gantt?.ticks).size, gantt?.ticks.join(' ')).toBe(gantt?.ticks.length);
    }
  });

  it('long task titles: the section titles end before the bars begin', async (context) => {
    browserOrSkip(context);
    const report = withRecord(compressed(hybridRecord, 40 * 60_000, LONG_TITLES), hybridRecord.updatedAt);
    const page = await renderMarkdownPage(renderJobSummary(report));
    const gantt = page.diagrams.find((d) => d.ticks.length > 0);
    expect(gantt?.ok).toBe(true);
    expect(gantt?.titlesRight).toBeGreaterThan(150);
    expect(gantt?.titlesRight ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(gantt?.barsLeft ?? 0);
    const png = await screenshotPage(page.file, 'summary-long-titles');
    expect(inkPixels(png)).toBeGreaterThan(5_000);
  });

  it('"set by the `strategy` input" shows `strategy` as code, not literal backticks', async (context) => {
    browserOrSkip(context);
    const report = withRecord(hybridRecord, hybridRecord.updatedAt);
    const page = await renderMarkdownPage(renderJobSummary(report));
    expect(page.text).toContain('(set by the strategy input)');
    expect(page.text).not.toContain('`');
    expect(page.codes).toContain('strategy');
  });
});

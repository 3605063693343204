import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserOrSkip } from '../helpers/browser.js';
import { screenshotColours } from '../helpers/chromium.js';
import { TEST_EPOCH, testClock } from '../helpers/fixed-time.js';
import { overlaps, svgBoxes } from '../helpers/svg-boxes.js';
import { tempDir } from './helpers/cli.js';
import { runCliAt } from './helpers/in-process.js';
import { sampleLedger, writeLedgerDir } from './helpers/ledger-fixture.js';

/** `cyrus stats --html` for a ledger (or none) under a daily cap; returns the page's text. */
async function statsPage(cap: number, withData: boolean): Promise<{ html: string; file: string }> {
  const repo = tempDir('cyrus-stats-pictures-');
  mkdirSync(path.join(repo, '.github'));
  writeFileSync(path.join(repo, '.github', 'cyrus.yml'), `codegen:\n  maxCostPerDay: ${cap}\n`);
  const ledger = path.join(repo, 'ledger');
  if (withData) writeLedgerDir(ledger, sampleLedger(TEST_EPOCH));
  else mkdirSync(ledger);
  const run = await runCliAt(
    testClock(),
    ['stats', '--period', 'month', '--ledger-dir', 'ledger', '--html', 'stats.html'],
    {
      cwd: repo,
    },
  );
  expect(run.code, run.stderr).toBe(0);
  const file = path.join(repo, 'stats.html');
  return { html: readFileSync(file, 'utf8'), file };
}

const costChart = (html: string) =>
  /<svg class="chart" id="cost-per-day"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';

describe('the stats page: the cost chart legend and the daily cap label', () => {
  it.for<[string, number, boolean]>([
    ['with data, the cap at the top of the scale ($50, spend about $1 a day)', 50, true],
    ['with data, the cap inside the scale ($1, one day over it)', 1, true],
    ['empty: no spend, only the cap', 1, false],
  ])('%s: the cap label is inside the plot and clear of the legend', async ([, cap, withData], context) => {
    browserOrSkip(context);
    const { html, file } = await statsPage(cap, withData);
    const [boxes = []] = await svgBoxes(
      [costChart(html)],
      ['rect.legend', 'text.legend-label', 'text.reference-label', 'text.empty'],
    );
    const label = boxes.find((b) => b.selector === 'text.reference-label');
    expect(label?.text).toBe(`daily cap $${cap.toFixed(2)}`);
    if (!label) return;
    const legend = boxes.filter((b) => b.selector.includes('legend'));
    expect(legend.length).toBeGreaterThan(0);
    for (const box of legend)
      expect(overlaps(label, box), `${label.text} over ${box.text || box.selector}`).toBe(false);
    for (const box of boxes.filter((b) => b.selector === 'text.empty'))
      expect(overlaps(label, box), 'cap label over the empty-chart text').toBe(false);
    // Inside the plot: below the legend row (the plot starts at y=28) and within the 760-wide chart.
    expect(label.y).toBeGreaterThanOrEqual(28);
    expect(label.x + label.width).toBeLessThanOrEqual(760);
    // And it is drawn: the cap's red shows in a screenshot of the page.
    const colours = await screenshotColours(file, ['#dc2626']);
    expect(colours['#dc2626']).toBeGreaterThan(50);
  });
});

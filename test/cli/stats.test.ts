import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueFileName } from '../../src/ledger/index.js';
import { browserOrSkip } from '../helpers/browser.js';
import { dumpDom, screenshotColours } from '../helpers/chromium.js';
import { TEST_EPOCH, testClock } from '../helpers/fixed-time.js';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';
import { CLI_BUILD_TIMEOUT_MS, cliBundle, runCli, tempDir } from './helpers/cli.js';
import { runCliAt } from './helpers/in-process.js';
import { sampleLedger, writeLedgerDir } from './helpers/ledger-fixture.js';

const WEEK_LINES = [
  'Total tasks: 5',
  'Local: 3 (60%) | Cloud: 2 (40%)',
  'Success rate: 75%',
  'Total cost: $2.50',
  'Fallbacks: 1 (codegen → claude-code: 1)',
  'Retries: 1 (7 attempts in all)',
];

// The ledger's days are TEST_EPOCH's: what depends on "today" runs the CLI's main in-process on a
// clock that starts there; the built command (a child on the real clock) gets the date-free cases.
describe('cyrus stats', () => {
  let gh: GitHubStandIn;
  let repo: string;
  let ledgerDir: string;

  beforeAll(async () => {
    cliBundle();
    gh = await startGitHubStandIn();
    repo = tempDir('cyrus-stats-');
    mkdirSync(path.join(repo, '.github'));
    writeFileSync(path.join(repo, '.github', 'cyrus.yml'), 'codegen:\n  maxCostPerDay: 1.0\n');
    ledgerDir = path.join(repo, 'ledger');
    writeLedgerDir(ledgerDir, sampleLedger(TEST_EPOCH));
  }, CLI_BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await gh?.close();
  });

  it('reads a local ledger directory and prints the SPEC §6 figures', async () => {
    const run = await runCliAt(testClock(), ['stats', '--period', 'week', '--ledger-dir', 'ledger'], {
      cwd: repo,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 6)).toEqual(WEEK_LINES);
    expect(run.stdout).toMatch(
      /^Durations: local median 3m 00s, p90 7m 00s \(2 runs\) \| cloud median 12m 00s/m,
    );
    expect(run.stdout).toContain(`ledger dir:${ledgerDir}`);
  });

  it('--period all and --json: the same figures as data', async () => {
    const run = await runCli(['stats', '--period', 'all', '--ledger-dir', ledgerDir, '--json'], {
      cwd: repo,
    });
    expect(run.code).toBe(0);
    const data = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(data).toMatchObject({
      period: 'all',
      totalTasks: 7,
      byLocation: { local: 4, cloud: 3, other: 0 },
      fallbacks: 1,
      retries: 1,
      maxCostPerDayUsd: 1,
      ledger: `dir:${ledgerDir}`,
    });
  });

  it('reads the ledger from the state branch through the GitHub API', async () => {
    gh.state.addRepo({ owner: 'acme', repo: 'widgets' });
    gh.state.addBranch('acme', 'widgets', 'cyrus-state');
    const ledger = sampleLedger(TEST_EPOCH);
    for (const record of ledger.issues) {
      gh.state.putFile(
        'acme',
        'widgets',
        'cyrus-state',
        issueFileName(record.issue.identifier),
        JSON.stringify(record),
      );
    }
    for (const record of ledger.spend) {
      gh.state.putFile('acme', 'widgets', 'cyrus-state', `spend/${record.date}.json`, JSON.stringify(record));
    }
    const run = await runCliAt(testClock(), ['stats', '--repo', 'acme/widgets'], {
      cwd: repo,
      env: { GITHUB_TOKEN: 'ghs_test', GITHUB_API_URL: gh.url },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 6)).toEqual(WEEK_LINES);
    expect(run.stdout).toContain('ledger github:acme/widgets@cyrus-state');
  });

  it('without a ledger to read: exit 1 and what to pass', async () => {
    const run = await runCli(['stats'], { cwd: repo });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('needs GITHUB_TOKEN (or GH_TOKEN) and the repository');
    expect(run.stderr).toContain('--ledger-dir DIR');
    const missing = await runCli(['stats', '--ledger-dir', 'nowhere'], { cwd: repo });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--ledger-dir nowhere is not a directory');
  });

  it('a token GitHub refuses: exit 1 with GitHub answer, not a stack', async () => {
    const run = await runCli(['stats', '--repo', 'acme/widgets'], {
      cwd: repo,
      env: { GITHUB_TOKEN: 'ghs_wrong', GITHUB_API_URL: gh.url },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('401');
    expect(run.stderr).not.toContain('    at ');
  });

  it('--html writes one self-contained page whose charts draw in headless Chromium', async (context) => {
    browserOrSkip(context);
    const run = await runCliAt(
      testClock(),
      ['stats', '--period', 'month', '--ledger-dir', 'ledger', '--html', 'out/stats.html'],
      { cwd: repo },
    );
    expect(run.code).toBe(0);
    const file = path.join(repo, 'out', 'stats.html');
    const html = readFileSync(file, 'utf8');
    // Self-contained: nothing is fetched from anywhere.
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    expect(html).toContain("default-src 'none'");

    const dom = await dumpDom(file);
    expect(dom).toContain('data-charts-ready="true"');
    const charts = [...dom.matchAll(/<svg class="chart" id="([^"]+)"[^>]*data-drawn="(\d+)"/g)].map((m) => [
      m[1],
      Number(m[2]),
    ]);
    expect(charts.map((c) => c[0])).toEqual(['tasks-per-day', 'cost-per-day', 'success-rate']);
    const marks = (id: string) => {
      const svg = new RegExp(`<svg class="chart" id="${id}"[\\s\\S]*?</svg>`).exec(dom)?.[0] ?? '';
      return (svg.match(/<rect class="mark"/g) ?? []).length;
    };
    // Every bar is drawn with a size: tasks on 4 days (2 executors today), spend on 3 days, and
    // 3 strategy × executor rates (a 0% rate draws a sliver).
    expect(Object.fromEntries(charts)).toEqual({ 'tasks-per-day': 5, 'cost-per-day': 3, 'success-rate': 3 });
    expect([marks('tasks-per-day'), marks('cost-per-day'), marks('success-rate')]).toEqual([5, 3, 3]);
    expect(dom).toMatch(/<line class="reference"[^>]*stroke="#dc2626"/);
    expect(dom).toContain('daily cap $1.00');
    // One day's spend ($1.20) is over the $1.00 cap and drawn in the warning colour.
    expect(dom).toMatch(/data-category="[^"]+" data-value="1.2"[^>]*fill="#dc2626"/);

    const colours = await screenshotColours(file, ['#2563eb', '#7c3aed', '#0d9488', '#dc2626']);
    for (const [colour, pixels] of Object.entries(colours)) expect(pixels, colour).toBeGreaterThan(50);
  });
});

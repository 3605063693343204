import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../src/github/index.js';
import {
  committedUsd,
  GitHubBranchStore,
  Ledger,
  type LedgerStore,
  LocalDirectoryStore,
} from '../../src/ledger/index.js';
import { TEST_EPOCH, testClock } from '../helpers/fixed-time.js';

/** Every job's clock starts at the same fixed noon: the day's spend file is one file. */
const clock = testClock();
const TODAY = new Date(TEST_EPOCH).toISOString().slice(0, 10);

import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';

const issue = { identifier: 'ENG-7', title: 'Add login' };

let github: GitHubStandIn;
beforeAll(async () => {
  github = await startGitHubStandIn();
  github.state.addRepo({ owner: 'acme', repo: 'web', defaultBranch: 'main' });
});
afterAll(() => github.close());

/**
 * A factory of stores over one shared location: each call is another job's view of the same
 * ledger (on GitHub, its own client and throttle, as a separate job has).
 */
type StoreFactory = () => () => LedgerStore;

let jobs = 0;
const stores: [string, StoreFactory][] = [
  [
    'a local directory',
    () => {
      const root = mkdtempSync(path.join(os.tmpdir(), 'ledger-'));
      return () => new LocalDirectoryStore(root);
    },
  ],
  [
    'a GitHub branch (stand-in enforcing sha preconditions)',
    () => {
      const branch = `state-${Math.random().toString(36).slice(2, 8)}`;
      return () =>
        new GitHubBranchStore(
          createGitHubClient({ token: 'ghs_test', baseUrl: github.url, throttleId: `job-${++jobs}` }),
          { owner: 'acme', repo: 'web' },
          branch,
        );
    },
  ],
];

describe.each(stores)('the ledger on %s', (_name, location) => {
  it('20 concurrent reservations from 20 jobs against a small daily cap never pass it', async () => {
    const job = location();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        new Ledger(job(), clock).reserve(`ENG-7/t${i}/1`, { usd: 1, issue: 'ENG-7', task: `t${i}` }, 5.5),
      ),
    );
    const accepted = results.filter((r) => r.ok).length;
    expect(accepted).toBe(5);
    const refused = results.find((r) => !r.ok);
    expect(refused && !refused.ok && refused.reason).toMatch(
      /\$5\.00 of the \$5\.50 daily budget is committed/,
    );
    expect(committedUsd(await new Ledger(job(), clock).readSpend(TODAY))).toBe(5);
  });

  it('a reservation is idempotent per key, and settling replaces it by the actual cost', async () => {
    const ledger = new Ledger(location()(), clock);
    expect((await ledger.reserve('k1', { usd: 2, issue: 'ENG-7', task: 't1' }, 3)).ok).toBe(true);
    expect((await ledger.reserve('k1', { usd: 2, issue: 'ENG-7', task: 't1' }, 3)).ok).toBe(true);
    expect((await ledger.reserve('k2', { usd: 2, issue: 'ENG-7', task: 't2' }, 3)).ok).toBe(false);
    await ledger.settle('k1', 0.5, true);
    expect((await ledger.reserve('k2', { usd: 2, issue: 'ENG-7', task: 't2' }, 3)).ok).toBe(true);
    const spend = await ledger.readSpend(TODAY);
    expect(spend?.reservations.k1).toMatchObject({ usd: 2, settledUsd: 0.5, estimated: true });
  });

  it('exactly one of several concurrent jobs claiming an issue creates its record', async () => {
    const job = location();
    const claims = await Promise.all(
      ['run-1', 'run-2', 'run-3', 'run-4'].map((run) => new Ledger(job(), clock).claimIssue(issue, run)),
    );
    expect(claims.filter((c) => c.created)).toHaveLength(1);
    const owner = claims.find((c) => c.created)?.record.claimedBy.runId;
    expect(new Set(claims.map((c) => c.record.claimedBy.runId))).toEqual(new Set([owner]));
    expect((await new Ledger(job(), clock).listIssues()).map((r) => r.issue.identifier)).toEqual(['ENG-7']);
  });

  it('concurrent updates of one record from several jobs all land (compare-and-swap, retried on conflict)', async () => {
    const job = location();
    const ledger = new Ledger(job(), clock);
    await ledger.claimIssue(issue, 'run-1');
    await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((id) =>
        new Ledger(job(), clock).updateIssue('ENG-7', (r) => ({
          ...r,
          tasks: {
            ...r.tasks,
            [id]: {
              id,
              title: id,
              state: 'pending',
              attempts: [],
              updatedAt: new Date(TEST_EPOCH).toISOString(),
            },
          },
        })),
      ),
    );
    expect(Object.keys((await ledger.readIssue('ENG-7'))?.tasks ?? {}).sort()).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
    ]);
  });

  it('updates of one file within one job are not fought over: those queued during a write share the next', async () => {
    const store = location()();
    const writes: string[] = [];
    const counting: LedgerStore = {
      description: store.description,
      read: (p) => store.read(p),
      list: (f) => store.list(f),
      write: async (p, c, v, m) => {
        const result = await store.write(p, c, v, m);
        writes.push(result.ok ? 'ok' : 'conflict');
        return result;
      },
    };
    const ledger = new Ledger(counting, clock);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        ledger.reserve(`k${i}`, { usd: 1, issue: 'ENG-7', task: `t${i}` }, 100),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    // Updates made in the same tick go in one write (before, the first went alone and the five
    // that queued meanwhile in a second).
    expect(writes).toEqual(['ok']);
    const spend = await ledger.readSpend(TODAY);
    expect(Object.keys(spend?.reservations ?? {}).sort()).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5']);
  });

  it('an update that fails inside a combined write fails alone; the others land', async () => {
    const ledger = new Ledger(location()(), clock);
    await ledger.claimIssue(issue, 'run-1');
    const task = (id: string) => ({
      id,
      title: id,
      state: 'pending' as const,
      attempts: [],
      updatedAt: new Date(TEST_EPOCH).toISOString(),
    });
    const [a, broken, c] = await Promise.allSettled([
      ledger.updateIssue('ENG-7', (r) => ({ ...r, tasks: { ...r.tasks, a: task('a') } })),
      ledger.updateIssue('ENG-7', () => {
        throw new Error('this update is wrong');
      }),
      ledger.updateIssue('ENG-7', (r) => ({ ...r, tasks: { ...r.tasks, c: task('c') } })),
    ]);
    expect([a.status, broken.status, c.status]).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(broken.status === 'rejected' && String(broken.reason)).toMatch(/this update is wrong/);
    expect(Object.keys((await ledger.readIssue('ENG-7'))?.tasks ?? {}).sort()).toEqual(['a', 'c']);
  });

  it('a damaged ledger file is an error that says where and what to do', async () => {
    const store = location()();
    await store.write('issues/ENG-9.json', '{"schema": 1}', null, 'test');
    await expect(new Ledger(store, clock).readIssue('ENG-9')).rejects.toThrow(
      /issues\/ENG-9\.json does not have the expected shape .*fix or delete it/,
    );
  });
});

describe('LocalDirectoryStore across processes', () => {
  it('reservations from 4 processes at once still respect the cap', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'ledger-procs-'));
    const script = path.join(root, 'reserve.mts');
    writeFileSync(
      script,
      `import { Ledger, LocalDirectoryStore } from ${JSON.stringify(path.resolve('src/ledger/index.ts'))};
import { scaledClock } from ${JSON.stringify(path.resolve('src/util/clock.ts'))};
const clock = scaledClock(1, ${TEST_EPOCH});
const ledger = new Ledger(new LocalDirectoryStore(${JSON.stringify(path.join(root, 'ledger'))}, clock), clock);
const worker = process.argv[2];
const results = [];
for (let i = 0; i < 5; i++) results.push((await ledger.reserve(worker + '-' + i, { usd: 1, issue: 'ENG-1', task: worker + i }, 7)).ok);
console.log(JSON.stringify(results));
`,
    );
    const run = promisify(execFile);
    const tsx = path.resolve('node_modules/tsx/dist/cli.mjs');
    const outputs = await Promise.all(
      ['w1', 'w2', 'w3', 'w4'].map((w) =>
        run(process.execPath, [tsx, script, w], { timeout: 60_000 }).then((r) => r.stdout),
      ),
    );
    const accepted = outputs
      .flatMap((o) => JSON.parse(o.trim().split('\n').at(-1) ?? '[]') as boolean[])
      .filter(Boolean);
    expect(accepted).toHaveLength(7);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../src/github/index.js';
import { GitHubBranchStore, Ledger, UNCHANGED } from '../../src/ledger/index.js';
import { systemClock } from '../../src/util/clock.js';
import { type GitHubStandIn, type RecordedRequest, startGitHubStandIn } from '../standins/github/index.js';

const OWNER = 'acme';
const REPO = 'budget';
const issue = { identifier: 'ENG-3', title: 'Budget' };

let github: GitHubStandIn;
beforeAll(async () => {
  github = await startGitHubStandIn();
  github.state.addRepo({ owner: OWNER, repo: REPO, defaultBranch: 'main' });
});
afterAll(() => github.close());

let jobs = 0;
/** One job's store on `branch`: its own client (and throttle), as a separate job has. */
function store(branch: string): GitHubBranchStore {
  return new GitHubBranchStore(
    createGitHubClient({ token: 'ghs_test', baseUrl: github.url, throttleId: `budget-${++jobs}` }),
    { owner: OWNER, repo: REPO },
    branch,
  );
}

function freshBranch(create = true): string {
  const branch = `state-${Math.random().toString(36).slice(2, 8)}`;
  if (create) github.state.addBranch(OWNER, REPO, branch);
  return branch;
}

/** The requests made while `work` ran, as "METHOD status". */
async function requestsDuring(work: () => Promise<unknown>): Promise<RecordedRequest[]> {
  const from = github.requests.length;
  await work();
  return github.requests.slice(from);
}

const shape = (requests: RecordedRequest[]) =>
  requests.map((r) => `${r.method} ${r.path.includes('/contents/') ? 'contents' : r.path} ${r.status}`);

const task = (id: string) => ({
  id,
  title: id,
  state: 'pending' as const,
  attempts: [],
  updatedAt: '2026-01-15T12:00:00.000Z',
});

describe('the ledger on the state branch spends few GitHub requests', () => {
  it('an update after this job’s own write sends only the compare-and-swap PUT, with the sha the last write returned', async () => {
    const ledger = new Ledger(store(freshBranch()), systemClock);
    await ledger.claimIssue(issue, 'run-1');
    const requests = await requestsDuring(() =>
      ledger.updateIssue(issue.identifier, (r) => ({ ...r, tasks: { a: task('a') } })),
    );
    expect(shape(requests)).toEqual(['PUT contents 200']);
    const second = await requestsDuring(() =>
      ledger.updateIssue(issue.identifier, (r) => ({ ...r, tasks: { ...r.tasks, b: task('b') } })),
    );
    expect(shape(second)).toEqual(['PUT contents 200']);
    expect(Object.keys((await ledger.readIssue(issue.identifier))?.tasks ?? {})).toEqual(['a', 'b']);
  });

  it('a read of an unchanged file is conditional and answered 304; a change by another job is seen', async () => {
    const branch = freshBranch();
    const mine = new Ledger(store(branch), systemClock);
    const theirs = new Ledger(store(branch), systemClock);
    await theirs.claimIssue(issue, 'run-1');
    await mine.readIssue(issue.identifier);
    const unchanged = await requestsDuring(() => mine.readIssue(issue.identifier));
    expect(shape(unchanged)).toEqual(['GET contents 304']);
    expect(unchanged[0]?.headers['if-none-match']).toMatch(/^W\/"/);
    await theirs.updateIssue(issue.identifier, (r) => ({ ...r, tasks: { x: task('x') } }));
    expect(Object.keys((await mine.readIssue(issue.identifier))?.tasks ?? {})).toEqual(['x']);
    const listed = await requestsDuring(async () => {
      await mine.listIssues();
      await mine.listIssues();
    });
    expect(listed.filter((r) => r.status === 304).length).toBeGreaterThanOrEqual(2);
  });

  it('a cached version another job made stale loses the compare-and-swap, is read again, and both updates land', async () => {
    const branch = freshBranch();
    const mine = new Ledger(store(branch), systemClock);
    const theirs = new Ledger(store(branch), systemClock);
    await mine.claimIssue(issue, 'run-1');
    await theirs.updateIssue(issue.identifier, (r) => ({
      ...r,
      tasks: { ...r.tasks, theirs: task('theirs') },
    }));
    const requests = await requestsDuring(() =>
      mine.updateIssue(issue.identifier, (r) => ({ ...r, tasks: { ...r.tasks, mine: task('mine') } })),
    );
    expect(shape(requests)).toEqual(['PUT contents 409', 'GET contents 200', 'PUT contents 200']);
    expect(Object.keys((await theirs.readIssue(issue.identifier))?.tasks ?? {}).sort()).toEqual([
      'mine',
      'theirs',
    ]);
  });

  it('a decision not to write, taken on a cached version, is checked against the branch first', async () => {
    const branch = freshBranch();
    const mine = new Ledger(store(branch), systemClock);
    const theirs = new Ledger(store(branch), systemClock);
    await mine.claimIssue(issue, 'run-1');
    await theirs.updateIssue(issue.identifier, (r) => ({ ...r, tasks: { t: task('t') } }));
    // On the cached record there is no task t, so this mutation would write nothing.
    const after = await mine.updateIssue(issue.identifier, (r) => {
      const t = r.tasks.t;
      return t ? { ...r, tasks: { t: { ...t, state: 'running' } } } : UNCHANGED;
    });
    expect(after.tasks.t?.state).toBe('running');
    expect((await theirs.readIssue(issue.identifier))?.tasks.t?.state).toBe('running');
  });

  it('updates that arrive within the combining window share one commit', async () => {
    const ledger = new Ledger(store(freshBranch()), systemClock, { combineWithinMs: 100 });
    await ledger.claimIssue(issue, 'run-1');
    const requests = await requestsDuring(async () => {
      const updates: Promise<unknown>[] = [];
      for (const id of ['a', 'b', 'c']) {
        updates.push(
          ledger.updateIssue(issue.identifier, (r) => ({ ...r, tasks: { ...r.tasks, [id]: task(id) } })),
        );
        await new Promise((r) => setTimeout(r, 10));
      }
      await Promise.all(updates);
    });
    expect(shape(requests)).toEqual(['PUT contents 200']);
    expect(Object.keys((await ledger.readIssue(issue.identifier))?.tasks ?? {}).sort()).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('a settlement rides along with the next reservation, or with the flush, never on its own before', async () => {
    const ledger = new Ledger(store(freshBranch()), systemClock);
    await ledger.reserve('k1', { usd: 2, issue: 'ENG-3', task: 'a' }, 10);
    const settled = await requestsDuring(async () => ledger.settleLater('k1', 0.5, true));
    expect(settled).toEqual([]);
    const reserved = await requestsDuring(() =>
      ledger.reserve('k2', { usd: 1, issue: 'ENG-3', task: 'b' }, 10),
    );
    expect(shape(reserved).filter((r) => r.startsWith('PUT'))).toEqual(['PUT contents 200']);
    const spend = await ledger.readSpend(new Date().toISOString().slice(0, 10));
    expect(spend?.reservations.k1).toMatchObject({ usd: 2, settledUsd: 0.5 });
    expect(spend?.reservations.k2).toMatchObject({ usd: 1 });
    ledger.settleLater('k2', 1, false);
    await ledger.flushSettlements();
    expect((await ledger.readSpend(new Date().toISOString().slice(0, 10)))?.reservations.k2?.settledUsd).toBe(
      1,
    );
  });

  it('the state branch is created by the first write that finds it missing; an existing one costs no request', async () => {
    const missing = freshBranch(false);
    const created = await requestsDuring(() =>
      new Ledger(store(missing), systemClock).claimIssue(issue, 'run-1'),
    );
    expect(shape(created)).toEqual([
      'GET contents 404',
      'PUT contents 404',
      `GET /repos/${OWNER}/${REPO}/git/ref/heads%2F${missing} 404`,
      `GET /repos/${OWNER}/${REPO} 200`,
      `GET /repos/${OWNER}/${REPO}/git/ref/heads%2Fmain 200`,
      `POST /repos/${OWNER}/${REPO}/git/refs 201`,
      'PUT contents 201',
    ]);
    const existing = await requestsDuring(() =>
      new Ledger(store(missing), systemClock).claimIssue({ ...issue, identifier: 'ENG-4' }, 'run-2'),
    );
    expect(shape(existing)).toEqual(['GET contents 404', 'PUT contents 201']);
  });
});

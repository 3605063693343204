import { afterEach, describe, expect, it } from 'vitest';
import { landingOf } from '../../src/merge/index.js';
import { invalidDocuments } from '../standins/github/graphql.js';
import { mergeWorld } from '../standins/github/merge-state.js';
import { type LandingWorld, OWNER, REPO, startLandingWorld, type TaskSpec } from './fixture.js';

/**
 * The merge pass against the GitHub stand-in through the real Octokit: GraphQL documents validated
 * against GitHub's published schema, REST shapes against @octokit/openapi (standin-drift.test.ts).
 */
let world: LandingWorld | undefined;
afterEach(async () => {
  expect(invalidDocuments).toEqual([]);
  await world?.close();
  world = undefined;
});

const DAG: TaskSpec[] = [
  { id: 't1', files: { 'src/a.ts': 'export const a = 1;\n' } },
  { id: 't2', files: { 'src/b.ts': 'export const b = 2;\n' } },
  { id: 't3', dependsOn: ['t1'], stackedOn: 't1', files: { 'src/c.ts': 'export const c = 3;\n' } },
];

describe('landing validated subtask PRs (merge: auto)', () => {
  it('merges t1 and t2, retargets the stacked t3 to main, validates it again and merges it', async () => {
    world = await startLandingWorld(DAG);
    const w = world;
    expect(w.pulls.get('t3')?.base.ref).toBe('cyrus/eng-7-t1');

    const { record } = await w.land({ revalidate: w.revalidate });

    const pulls = w.gh.state.pullRequests(OWNER, REPO);
    expect(pulls.map((p) => [p.head.ref, p.base.ref, p.merged])).toEqual([
      ['cyrus/eng-7-t1', 'main', true],
      ['cyrus/eng-7-t2', 'main', true],
      ['cyrus/eng-7-t3', 'main', true],
    ]);
    // Dependency order: t3 merged after t1, and only once it targeted main and was validated again.
    const t1 = pulls[0]?.merged_at ?? '';
    const t3 = pulls[2]?.merged_at ?? '';
    expect(t3 >= t1).toBe(true);
    const patch = w.gh.requests.find(
      (r) => r.method === 'PATCH' && r.path.endsWith(`/pulls/${pulls[2]?.number}`),
    );
    expect(patch?.body).toEqual({ base: 'main' });
    expect(
      w.gh.requests.some(
        (r) => r.method === 'PUT' && r.path.endsWith(`/pulls/${pulls[2]?.number}/update-branch`),
      ),
    ).toBe(true);
    const t3Head = w.gh.state.pullRequests(OWNER, REPO)[2]?.head.sha ?? '';
    const revalidated = w.gh.state
      .checkRuns(OWNER, REPO, t3Head)
      .filter((r) => r.name === 'Cyrus validation');
    expect(revalidated.map((r) => r.conclusion)).toEqual(['success']);
    // main holds all three tasks' files.
    for (const file of ['src/a.ts', 'src/b.ts', 'src/c.ts'])
      expect(w.gh.state.file(OWNER, REPO, 'main', file)).toBeDefined();

    expect(Object.values(record.tasks).map((t) => [t.id, t.merge?.state, t.merged])).toEqual([
      ['t1', 'merged', true],
      ['t2', 'merged', true],
      ['t3', 'merged', true],
    ]);
    expect(landingOf(record, '2026-01-15T12:00:00Z')).toMatchObject({ outcome: 'completed' });
  });

  it('does not merge a PR whose head moved after validation, and says so', async () => {
    world = await startLandingWorld(DAG.slice(0, 1));
    const w = world;
    const before = w.gh.state.branchSha(OWNER, REPO, 'cyrus/eng-7-t1') ?? '';
    // Someone pushes after the validation passed: the new head has no validation.
    const after = w.gh.state.putFile(OWNER, REPO, 'cyrus/eng-7-t1', 'src/a.ts', 'export const a = 99;\n');
    expect(after).toBeTruthy();

    const { record } = await w.land();

    expect(w.gh.state.pullRequests(OWNER, REPO)[0]?.merged).toBe(false);
    const merge = record.tasks.t1?.merge;
    expect(merge?.state).toBe('revalidating');
    expect(merge?.reason).toContain(`validated ${before.slice(0, 7)}`);
    expect(merge?.reason).toContain('the head moved after validation');
    expect(
      w.gh.requests.some(
        (r) => r.path === '/graphql' && String(JSON.stringify(r.body)).includes('mergePullRequest'),
      ),
    ).toBe(false);
  });

  // Sending the conflict back to the executor, through the real wiring, is end to end in
  // test/e2e/merge-rework.test.ts (fixed) and merge-rework-held.test.ts (fixes used up).
  it('a conflict no fix attempt may address is held with the rule and what a person must do, and stays so', async () => {
    world = await startLandingWorld([
      { id: 't1', files: { 'src/shared.ts': 'export const v = 1;\n' } },
      // t3 started from t1's branch and rewrote the same file; t1 lands as a squash, so they conflict.
      { id: 't3', dependsOn: ['t1'], stackedOn: 't1', files: { 'src/shared.ts': 'export const v = 3;\n' } },
    ]);
    const w = world;
    const { record } = await w.land();
    const pulls = w.gh.state.pullRequests(OWNER, REPO);
    expect(pulls.map((p) => p.merged)).toEqual([true, false]);
    expect(pulls[1]?.base.ref).toBe('main');
    const todo = 'merge main into cyrus/eng-7-t3, resolve the conflicts and push';
    expect(record.tasks.t3?.merge).toMatchObject({ state: 'held', reworks: 0 });
    expect(record.tasks.t3?.merge?.reason).toContain(`PR #${pulls[1]?.number}`);
    expect(record.tasks.t3?.merge?.reason).toContain(`no fix attempt is allowed; a person must ${todo}`);
    expect(record.tasks.t3?.action).toEqual({
      text: todo,
      link: { label: `PR #${pulls[1]?.number}`, url: pulls[1]?.html_url },
    });
    expect(landingOf(record, '2026-01-15T12:00:00Z')).toBeUndefined();

    // The next event finds the same conflict on the same head: nothing new is written.
    const again = await w.land();
    expect(again.record.tasks.t3?.merge).toEqual(record.tasks.t3?.merge);
    expect(again.record.tasks.t3?.updatedAt).toBe(record.tasks.t3?.updatedAt);
  });

  it('branch protection requiring a review leaves PRs unmerged with the reason', async () => {
    world = await startLandingWorld(DAG.slice(0, 1));
    const w = world;
    const protection = { requiredApprovingReviews: 1, requiredChecks: ['test'], strict: false };
    mergeWorld(w.repo).protection.set('main', protection);
    mergeWorld(w.repo).settings.allowAutoMerge = false;

    const held = await w.land();
    expect(w.gh.state.pullRequests(OWNER, REPO)[0]?.merged).toBe(false);
    expect(held.record.tasks.t1?.merge).toMatchObject({ state: 'held' });
    expect(held.record.tasks.t1?.merge?.reason).toBe(
      'branch protection blocks PR #1 (it needs an approving review the action cannot give) and auto-merge is off in the repository settings',
    );

    // With auto-merge allowed, GitHub is asked to merge once the review comes; it does not merge before.
    mergeWorld(w.repo).settings.allowAutoMerge = true;
    const waiting = await w.land();
    expect(waiting.record.tasks.t1?.merge?.state).toBe('auto_merge');
    expect(waiting.record.tasks.t1?.merge?.reason).toMatch(/approving review branch protection requires/);
    expect(w.gh.state.pullRequests(OWNER, REPO)[0]?.merged).toBe(false);
    const mutation = w.gh.requests.find((r) =>
      String(JSON.stringify(r.body)).includes('enablePullRequestAutoMerge'),
    );
    expect((mutation?.body as { variables?: unknown } | undefined)?.variables).toMatchObject({
      input: { mergeMethod: 'SQUASH', expectedHeadOid: w.gh.state.branchSha(OWNER, REPO, 'cyrus/eng-7-t1') },
    });

    // A person approves: GitHub merges it, and the next pass records that.
    w.repo.reviews.push({
      id: 9001,
      pullNumber: 1,
      user: 'alice',
      body: 'lgtm',
      state: 'APPROVED',
      commitId: w.gh.state.branchSha(OWNER, REPO, 'cyrus/eng-7-t1') ?? '',
      submittedAt: '2026-01-15T12:30:00Z',
    });
    const merged = await w.land();
    expect(w.gh.state.pullRequests(OWNER, REPO)[0]?.merged).toBe(true);
    expect(merged.record.tasks.t1?.merge?.state).toBe('merged');
  });

  it('holds drafts, PRs with changes requested and PRs whose validation failed, each with its rule', async () => {
    world = await startLandingWorld([
      { id: 'draft', files: { 'a.txt': 'a\n' } },
      { id: 'changes', files: { 'b.txt': 'b\n' } },
      { id: 'failed', files: { 'c.txt': 'c\n' } },
    ]);
    const w = world;
    const [draft, changes] = [w.pulls.get('draft'), w.pulls.get('changes')];
    if (draft) draft.draft = true;
    w.repo.reviews.push({
      id: 9002,
      pullNumber: changes?.number ?? 0,
      user: 'bob',
      body: 'please rename',
      state: 'CHANGES_REQUESTED',
      commitId: changes?.head.sha ?? '',
      submittedAt: '2026-01-15T12:30:00Z',
    });
    w.validateHead('failed', 'failure');
    const { record } = await w.land();
    expect(w.gh.state.pullRequests(OWNER, REPO).map((p) => p.merged)).toEqual([false, false, false]);
    expect(record.tasks.draft?.merge?.reason).toBe(`PR #${draft?.number} is a draft; a person marked it so`);
    expect(record.tasks.changes?.merge?.reason).toBe(`changes were requested on PR #${changes?.number}`);
    expect(record.tasks.failed?.merge?.reason).toMatch(/^the Cyrus validation of [0-9a-f]{7} did not pass$/);
  });

  it('one PR closed unmerged: the others merge, and the issue stays open with the reason', async () => {
    world = await startLandingWorld(DAG.slice(0, 2));
    const w = world;
    w.gh.state.closePullRequest(OWNER, REPO, w.pulls.get('t2')?.number ?? 0);
    const { record } = await w.land();
    expect(w.gh.state.pullRequests(OWNER, REPO).map((p) => p.merged)).toEqual([true, false]);
    expect(record.tasks.t2?.merge).toMatchObject({
      state: 'closed',
      reason: 'PR #2 was closed without merging',
    });
    expect(landingOf(record, '2026-01-15T12:00:00Z')).toEqual({
      outcome: 'open',
      reason: "1 of 2 subtask PRs merged; t2's PR #2 was closed without merging: the issue stays open",
      at: '2026-01-15T12:00:00Z',
    });
  });

  it('merge: queue adds validated PRs to the merge queue where one exists, and holds them where none does', async () => {
    world = await startLandingWorld(DAG.slice(0, 1));
    const w = world;
    const none = await w.land({ policy: 'queue' });
    expect(none.record.tasks.t1?.merge?.reason).toMatch(/^merge is "queue" but main has no merge queue/);
    mergeWorld(w.repo).queues.add('main');
    const queued = await w.land({ policy: 'queue' });
    expect(w.gh.requests.some((r) => String(JSON.stringify(r.body)).includes('enqueuePullRequest'))).toBe(
      true,
    );
    // The queue merged it once it was clean; the pass records either step.
    expect(['queued', 'merged']).toContain(queued.record.tasks.t1?.merge?.state);
    const after = await w.land({ policy: 'queue' });
    expect(after.record.tasks.t1?.merge?.state).toBe('merged');
    expect(w.gh.state.pullRequests(OWNER, REPO)[0]?.merged).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookPayload } from '../fixtures/webhooks.js';
import { NO_SANDBOX } from '../helpers/sandbox-gate.js';
import { CLAUDE_INSTALL_TIMEOUT_MS } from '../standins/anthropic/index.js';
import { pullEvent, until } from './merge-events.js';
import { protectedIssue, type ReworkWorld, show, startReworkWorld } from './rework-world.js';
import { OWNER, REPO } from './world.js';

/**
 * A prerequisite's squash merge makes its stacked dependent conflict: the dependent goes back to
 * Codegen (a new run told to push to the same branch, since a finished run is not resumed, whose
 * prompt carries the conflict), the agent pushes a fix to the same branch, the push starts CI, and
 * the fixed head is validated again and merged. End to end through dist/index.js.
 */
const PLAN = {
  summary: 'Shared value, then its rework',
  tasks: [
    {
      id: 't1',
      title: 'Shared value',
      kind: 'implementation',
      prompt: 'Add the shared value.',
      files: ['src/shared.ts'],
      acceptance: ['it exists'],
      dependsOn: [],
      requiresIsolation: false,
      size: 'l',
    },
    {
      id: 't3',
      title: 'Shared value, changed',
      kind: 'implementation',
      prompt: 'Change the shared value.',
      files: ['src/shared.ts'],
      acceptance: ['it is 3'],
      dependsOn: ['t1'],
      requiresIsolation: false,
      size: 'l',
    },
  ],
};

let rework: ReworkWorld;
beforeAll(async () => {
  rework = await startReworkWorld();
}, CLAUDE_INSTALL_TIMEOUT_MS);
afterAll(() => rework?.world.close());

const INPUTS = { strategy: 'cloud-only', wait: 'false', merge: 'auto' };

describe.skipIf(NO_SANDBOX)('merge: a conflict goes back to the executor, end to end', () => {
  it('t1 lands, stacked t3 conflicts, goes back to Codegen, the fix push runs CI, t3 is validated again on its new head and merged, and the issue completes', async () => {
    const { world, fixPrompts } = rework;
    const { linear, payload, issue, approve } = protectedIssue(world, 'Shared', 'ENG');
    world.plan = PLAN;
    const workflowRun = () =>
      world.action({
        eventName: 'workflow_run',
        payload: webhookPayload('workflow_run', 'completed'),
        inputs: INPUTS,
      });

    const before = world.github.state.pullRequests(OWNER, REPO).length;
    const pulls = () => world.github.state.pullRequests(OWNER, REPO).slice(before);
    const first = await world.action({ eventName: 'issues', payload, inputs: INPUTS });
    expect(first.code, show(first)).toBe(0);
    expect(first.stdout, show(first)).toContain('t1');
    await until(world, 't1 PR', () => pulls().length === 1);
    const t1 = pulls()[0];
    const ci = await workflowRun();
    expect(ci.code, show(ci)).toBe(0);
    expect(ci.stdout, show(ci)).toMatch(/Merge: t1 \(PR #\d+\): auto_merge: auto-merge enabled \(squash\)/);
    const next = await workflowRun();
    expect(next.code, show(next)).toBe(0);
    await until(world, 't3 PR', () => pulls().length === 2);
    const t3 = pulls()[1];
    expect(t3?.base.ref).toBe(t1?.head.ref);

    // t1 merges (squash); t3 is retargeted to main and cannot be updated: it goes back to its run.
    approve(t1?.number ?? 0);
    expect(t1?.merged).toBe(true);
    const headBefore = world.github.state.branchSha(OWNER, REPO, t3?.head.ref ?? '');
    const merged = await world.action({
      eventName: 'pull_request',
      payload: pullEvent(world, 'closed', t1?.number ?? 0),
      inputs: INPUTS,
    });
    expect(merged.code, show(merged)).toBe(0);
    expect(merged.stdout, show(merged)).toMatch(
      /Merge: t3: sending the conflict back to codegen \(fix 1 of 2\)/,
    );
    await until(world, 'the fix push', () => fixPrompts.length === 1);
    expect(fixPrompts[0]?.prompt).toContain(
      `merge main into ${t3?.head.ref}, resolve the conflicts and push`,
    );
    const headAfter = world.github.state.branchSha(OWNER, REPO, t3?.head.ref ?? '') ?? '';
    expect(headAfter).not.toBe(headBefore);

    // The App's push started CI on the new head, as a PR open does.
    expect(world.github.state.checkRuns(OWNER, REPO, headAfter).map((r) => r.name)).toContain('test');

    // CI finished on the fix: the fix run is followed to its end, t3 is done again, validated on
    // its new head, and auto-merge waits for the review branch protection requires.
    const revalidated = await workflowRun();
    expect(revalidated.code, show(revalidated)).toBe(0);
    const afterFix = await world.ledger().readIssue(issue.identifier);
    expect(afterFix?.tasks.t3?.state, show(revalidated)).toBe('succeeded');
    expect(afterFix?.tasks.t3?.attempts.at(-1)?.status).toBe('succeeded');
    const validation = world.github.state
      .checkRuns(OWNER, REPO, headAfter)
      .filter((r) => r.name === 'Cyrus validation');
    expect(validation.map((r) => r.conclusion)).toEqual(['success']);
    expect(revalidated.stdout, show(revalidated)).toMatch(
      /Merge: t3 \(PR #\d+\): auto_merge: auto-merge enabled/,
    );
    expect(t3?.merged).toBe(false);

    // Approved on its new head, GitHub merges it; its closed event closes the loop in one update.
    approve(t3?.number ?? 0);
    expect(t3?.merged).toBe(true);
    expect(world.github.state.file(OWNER, REPO, 'main', 'src/shared.ts')?.content).toBe(
      'export const v = 3;\n',
    );
    const linearBefore = linear.requests.length;
    const done = await world.action({
      eventName: 'pull_request',
      payload: pullEvent(world, 'closed', t3?.number ?? 0),
      inputs: INPUTS,
    });
    expect(done.code, show(done)).toBe(0);
    expect(linear.world.stateOf(issue).name).toBe('Done');
    const comments = linear.world.commentsOn(issue.id);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('**Merged:** 2 of 2 PRs');
    const writes = linear.requests
      .slice(linearBefore)
      .filter((r) => r.rootFields.some((f) => f.startsWith('comment')));
    expect(writes).toHaveLength(1);
    expect(writes[0]?.rootFields).toContain('issueUpdate');
    expect((await world.ledger().readIssue(issue.identifier))?.landing?.outcome).toBe('completed');
  }, 500_000);
});

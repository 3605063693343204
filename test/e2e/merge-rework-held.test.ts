import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookPayload } from '../fixtures/webhooks.js';
import type { BundleRun } from '../helpers/run-bundle.js';
import { NO_SANDBOX } from '../helpers/sandbox-gate.js';
import { CLAUDE_INSTALL_TIMEOUT_MS } from '../standins/anthropic/index.js';
import { mergeWorld } from '../standins/github/merge-state.js';
import { pullEvent, until } from './merge-events.js';
import { protectedIssue, type ReworkWorld, show, startReworkWorld } from './rework-world.js';
import { OWNER, REPO } from './world.js';

/**
 * The agent's fixes do not resolve the conflict: once the fix attempts (2, the default) are used
 * up, the task is held with the rule and what a person must do, in the tracking comment and the
 * job summary; nothing merges past it and its dependent stays unmerged. End to end through
 * dist/index.js.
 */
const task = (id: string, dependsOn: string[], files: string[]) => ({
  id,
  title: `Task ${id}`,
  kind: 'implementation',
  prompt: `Do ${id}.`,
  files,
  acceptance: ['it is done'],
  dependsOn,
  requiresIsolation: false,
  size: 'l',
});
const PLAN = {
  summary: 'Shared value, its rework, and a dependent of the rework',
  tasks: [
    task('t1', [], ['src/shared.ts']),
    task('t3', ['t1'], ['src/shared.ts']),
    task('t4', ['t3'], ['src/t4.ts']),
  ],
};

let rework: ReworkWorld;
beforeAll(async () => {
  rework = await startReworkWorld();
}, CLAUDE_INSTALL_TIMEOUT_MS);
afterAll(() => rework?.world.close());

const INPUTS = { strategy: 'cloud-only', wait: 'false', merge: 'auto' };

describe.skipIf(NO_SANDBOX)('merge: a conflict the fix attempts do not resolve, end to end', () => {
  it('t3 is held with the rule and what a person must do once its fix attempts are used up; t3 and its dependent t4 stay unmerged', async () => {
    const { world, fixPrompts, badFixes } = rework;
    const { linear, payload, issue, repo, approve } = protectedIssue(world, 'Shared, badly', 'OPS');
    badFixes.add(issue.identifier);
    world.plan = PLAN;
    const workflowRun = () =>
      world.action({
        eventName: 'workflow_run',
        payload: webhookPayload('workflow_run', 'completed'),
        inputs: INPUTS,
      });
    /** CI events until one's log matches (each event is what GitHub would send next), at most `max`. */
    const eventsUntil = async (pattern: RegExp, max: number): Promise<BundleRun> => {
      let last: BundleRun | undefined;
      for (let i = 0; i < max; i += 1) {
        await until(world, 'the Codegen runs', () => true);
        last = await workflowRun();
        expect(last.code, show(last)).toBe(0);
        if (pattern.test(last.stdout)) return last;
      }
      throw new Error(`no event's log matched ${pattern} in ${max} events:\n${last ? show(last) : ''}`);
    };

    const pulls = () =>
      world.github.state.pullRequests(OWNER, REPO).filter((p) => p.title.startsWith(`${issue.identifier}:`));
    const byTask = (id: string) => pulls().find((p) => p.title === `${issue.identifier}: ${id}`);
    const first = await world.action({ eventName: 'issues', payload, inputs: INPUTS });
    expect(first.code, show(first)).toBe(0);
    await until(world, 't1 PR', () => byTask('t1') !== undefined);
    await eventsUntil(/Merge: t1 \(PR #\d+\): auto_merge/, 2);
    await eventsUntil(/Task t3 → codegen/, 2);
    await until(world, 't3 PR', () => byTask('t3') !== undefined);
    const t1 = byTask('t1');
    const t3 = byTask('t3');
    expect(t3?.base.ref).toBe(t1?.head.ref);

    // t1 merges; t3 conflicts and goes back (fix 1 of 2); the agent's fix still conflicts.
    approve(t1?.number ?? 0);
    expect(t1?.merged).toBe(true);
    const merged = await world.action({
      eventName: 'pull_request',
      payload: pullEvent(world, 'closed', t1?.number ?? 0),
      inputs: INPUTS,
    });
    expect(merged.code, show(merged)).toBe(0);
    expect(merged.stdout, show(merged)).toMatch(
      /Merge: t3: sending the conflict back to codegen \(fix 1 of 2\)/,
    );
    const mine = () => fixPrompts.filter((f) => f.issue === issue.identifier);
    await until(world, 'the first fix push', () => mine().length === 1);

    // The fixed head is validated, still conflicts: fix 2 of 2, which misses too.
    await eventsUntil(/Merge: t3: sending the conflict back to codegen \(fix 2 of 2\)/, 3);
    await until(world, 'the second fix push', () => mine().length === 2);

    // No fix attempt is left: held, with the rule and what a person must do.
    const held = await eventsUntil(/Merge: t3 \(PR #\d+\): held: /, 3);
    const todo = `merge main into ${t3?.head.ref}, resolve the conflicts and push`;
    const record = await world.ledger().readIssue(issue.identifier);
    const t3Merge = record?.tasks.t3?.merge;
    expect(t3Merge?.state).toBe('held');
    expect(t3Merge?.reason).toContain(`PR #${t3?.number} conflicts with main`);
    expect(t3Merge?.reason).toContain('the fix attempts did not resolve it (2 tried)');
    expect(t3Merge?.reason).toContain(`a person must ${todo}`);
    expect(record?.tasks.t3?.action?.text).toBe(todo);
    expect(mine()).toHaveLength(2);
    expect(held.stdout).not.toMatch(/fix 3 of 2/);

    // The report says so: the job summary and the tracking comment carry the hold, its rule and
    // what to do (Markdown-escaped, as the renderers write every reason).
    for (const text of [held.summary, linear.world.commentsOn(issue.id)[0]?.body ?? '']) {
      expect(text).toContain('✋ merge held');
      expect(text).toContain(`\\#${t3?.number} conflicts with main`);
      expect(text).toContain('the fix attempts did not resolve it \\(2 tried\\)');
      expect(text).toContain(`What to do: ${todo}`);
    }

    // Nothing merges past it: t3 has no auto-merge, its dependent t4 waits for it, the issue stays open.
    expect(t3?.merged).toBe(false);
    expect(mergeWorld(repo).autoMerge.has(t3?.number ?? 0)).toBe(false);
    // Later events start t4 from t3's branch (t3 is green, gate "green"); validated, t4 waits for
    // t3, and t3 is neither sent back a third time nor merged.
    await eventsUntil(/Task t4 → codegen/, 2);
    await until(world, 't4 PR', () => byTask('t4') !== undefined);
    const last = await eventsUntil(/Merge: t4 \(PR #\d+\): held: waits for t3 to merge first/, 3);
    expect(last.stdout).toMatch(/Merge: t3 \(PR #\d+\): held: /);
    expect(fixPrompts.filter((f) => f.issue === issue.identifier)).toHaveLength(2);
    const t4 = byTask('t4');
    expect(t4?.base.ref).toBe(t3?.head.ref);
    expect(t4?.merged).toBe(false);
    expect(mergeWorld(repo).autoMerge.has(t4?.number ?? 0)).toBe(false);
    const after = await world.ledger().readIssue(issue.identifier);
    expect(after?.tasks.t4?.baseBranch).toBe(t3?.head.ref);
    expect(after?.tasks.t4?.merged ?? false).toBe(false);
    expect(after?.tasks.t4?.merge?.state).toBe('held');
    expect(after?.tasks.t4?.merge?.reason).toContain('waits for t3 to merge first');
    expect(after?.tasks.t3?.merge?.state).toBe('held');
    expect(linear.world.stateOf(issue).name).not.toBe('Done');
    expect(after?.landing).toBeUndefined();
  }, 600_000);
});

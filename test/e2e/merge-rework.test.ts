import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labeledIssue, webhookPayload } from '../fixtures/webhooks.js';
import { NO_SANDBOX } from '../helpers/sandbox-gate.js';
import { CLAUDE_INSTALL_TIMEOUT_MS } from '../standins/anthropic/index.js';
import type { GitHubStandIn } from '../standins/github/index.js';
import { mergeWorld, settleMerges } from '../standins/github/merge-state.js';
import { branchPushed } from '../standins/github/push-ci.js';
import { OWNER, REPO, startWorld, type World } from './world.js';

/**
 * A prerequisite's squash merge makes its stacked dependent conflict: the dependent goes back to
 * Codegen (a new run told to push to the same branch, since a finished run is not resumed, whose prompt carries the conflict), the agent pushes a fix to the same
 * branch. End to end through dist/index.js. (Revalidating and merging the fixed head is not covered
 * yet: the stand-in starts no CI on the fix's push and the task still reads as running.)
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

let world: World;
/** The login Codegen's GitHub App pushes as. */
const CODEGEN_APP = 'codegen-sh[bot]';
const fixPrompts: string[] = [];

/** Both tasks write src/shared.ts; t3 starts from t1's branch. A resumed t3 rebases onto main and pushes. */
function conflictingFinish(github: GitHubStandIn) {
  return (run: {
    id: number;
    prompt: string;
    metadata?: Record<string, unknown> | null;
    pullRequests: unknown[];
    resumes?: { prompt: string }[];
  }) => {
    const head = String(run.metadata?.branch);
    const task = String(run.metadata?.task);
    // A finished run is not resumed (Codegen documents resume for paused runs only): the fix is a
    // new run told to push to the same branch. A resume of a paused run would carry it too.
    const fixPrompt = [run.prompt, ...(run.resumes ?? []).map((r) => r.prompt)].find((p) =>
      /resolve the conflicts/.test(p),
    );
    if (fixPrompt) {
      fixPrompts.push(fixPrompt);
      // The agent's fix: its branch from main again, with its change on top (same branch, new head).
      github.state.addBranch(OWNER, REPO, head, github.state.branchSha(OWNER, REPO, 'main'));
      github.state.putFile(OWNER, REPO, head, 'src/shared.ts', 'export const v = 3;\n');
      // Codegen's App pushed it: the PR gets a synchronize and its CI runs on the new head.
      branchPushed(github.state, OWNER, REPO, head, CODEGEN_APP);
      const pr = github.state.pullRequests(OWNER, REPO).find((p) => p.head.ref === head);
      return pr
        ? [
            {
              id: 80_000 + pr.number,
              title: pr.title,
              url: pr.html_url,
              created_at: new Date().toISOString(),
              head_branch_name: head,
            },
          ]
        : [];
    }
    if (run.pullRequests.length > 0) return [];
    const base = task === 't3' ? head.replace(/t3$/, 't1') : 'main';
    github.state.addBranch(OWNER, REPO, head, github.state.branchSha(OWNER, REPO, base));
    github.state.putFile(OWNER, REPO, head, 'src/shared.ts', `export const v = ${task === 't3' ? 3 : 1};\n`);
    const pr = github.state.addPullRequest(OWNER, REPO, {
      head,
      base,
      title: `${String(run.metadata?.issue)}: ${task}`,
    });
    return [
      {
        id: 80_000 + pr.number,
        title: pr.title,
        url: pr.html_url,
        created_at: new Date().toISOString(),
        head_branch_name: head,
      },
    ];
  };
}

beforeAll(async () => {
  world = await startWorld({ runMs: 1_500, codegenFinish: conflictingFinish });
}, CLAUDE_INSTALL_TIMEOUT_MS);
afterAll(() => world?.close());

async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const run of world.codegen.state.runs.values()) await world.codegen.state.statusOf(run);
    if (check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function pullEvent(action: 'closed' | 'synchronize', number: number): Record<string, unknown> {
  const payload = webhookPayload('pull_request', action) as {
    number: number;
    pull_request: { number: number; merged: boolean; html_url: string; head: { ref: string; sha: string } };
  };
  const pr = world.github.state.pullRequests(OWNER, REPO).find((p) => p.number === number);
  if (!pr) throw new Error(`no PR #${number}`);
  payload.number = number;
  payload.pull_request.number = number;
  payload.pull_request.merged = pr.merged;
  payload.pull_request.html_url = pr.html_url;
  payload.pull_request.head.ref = pr.head.ref;
  payload.pull_request.head.sha = world.github.state.branchSha(OWNER, REPO, pr.head.ref) ?? pr.head.sha;
  return payload;
}

const INPUTS = { strategy: 'cloud-only', wait: 'false', merge: 'auto' };

describe.skipIf(NO_SANDBOX)('merge: a conflict goes back to the executor, end to end', () => {
  it('t1 lands, stacked t3 conflicts, it goes back to Codegen with the conflict as its prompt and the agent pushes a fix to the same branch', async () => {
    const twin = world.github.state.addIssue(OWNER, REPO, { title: 'Shared', user: 'linear[bot]' });
    const payload = labeledIssue('cyrus', 'linear[bot]', 'Bot') as {
      issue: { number: number; html_url: string };
    };
    payload.issue.number = twin.number;
    payload.issue.html_url = `${world.github.url}/${OWNER}/${REPO}/issues/${twin.number}`;
    const linear = world.linear;
    if (!linear) throw new Error('this test needs the Linear stand-in');
    const issue = linear.world.addIssue({
      team: linear.world.addTeam('ENG'),
      title: 'Shared',
      description: 'Do it.',
      githubUrl: payload.issue.html_url,
    });
    world.plan = PLAN;
    const show = (run: { stdout: string; stderr: string }) =>
      `${run.stdout.slice(-6000)}\n${run.stderr.slice(-1500)}`;
    const repo = world.github.state.repo(OWNER, REPO);
    if (!repo) throw new Error('no repository');
    mergeWorld(repo).protection.set('main', {
      requiredApprovingReviews: 1,
      requiredChecks: [],
      strict: false,
    });
    mergeWorld(repo).settings.allowAutoMerge = true;
    const approve = (number: number) => {
      const pr = world.github.state.pullRequests(OWNER, REPO).find((p) => p.number === number);
      repo.reviews.push({
        id: 7000 + number + repo.reviews.length,
        pullNumber: number,
        user: 'alice',
        body: 'lgtm',
        state: 'APPROVED',
        commitId: world.github.state.branchSha(OWNER, REPO, pr?.head.ref ?? '') ?? '',
        submittedAt: new Date().toISOString(),
      });
      settleMerges(world.github.state, repo);
    };
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
    await until('t1 PR', () => pulls().length === 1);
    const t1 = pulls()[0];
    const ci = await workflowRun();
    expect(ci.code, show(ci)).toBe(0);
    expect(ci.stdout, show(ci)).toMatch(/Merge: t1 \(PR #\d+\): auto_merge: auto-merge enabled \(squash\)/);
    const next = await workflowRun();
    expect(next.code, show(next)).toBe(0);
    await until('t3 PR', () => pulls().length === 2);
    const t3 = pulls()[1];
    expect(t3?.base.ref).toBe(t1?.head.ref);

    // t1 merges (squash); t3 is retargeted to main and cannot be updated: it goes back to its run.
    approve(t1?.number ?? 0);
    expect(t1?.merged).toBe(true);
    const headBefore = world.github.state.branchSha(OWNER, REPO, t3?.head.ref ?? '');
    const merged = await world.action({
      eventName: 'pull_request',
      payload: pullEvent('closed', t1?.number ?? 0),
      inputs: INPUTS,
    });
    expect(merged.code, show(merged)).toBe(0);
    expect(merged.stdout, show(merged)).toMatch(
      /Merge: t3: sending the conflict back to codegen \(fix 1 of 2\)/,
    );
    await until('the fix push', () => fixPrompts.length === 1);
    expect(fixPrompts[0]).toContain(`merge main into ${t3?.head.ref}, resolve the conflicts and push`);
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
    expect(revalidated.stdout, show(revalidated)).toMatch(/Merge: t3 \(PR #\d+\): auto_merge: auto-merge enabled/);
    expect(t3?.merged).toBe(false);

    // Approved on its new head, GitHub merges it; its closed event closes the loop in one update.
    approve(t3?.number ?? 0);
    expect(t3?.merged).toBe(true);
    expect(world.github.state.file(OWNER, REPO, 'main', 'src/shared.ts')?.content).toBe('export const v = 3;\n');
    const linearBefore = linear.requests.length;
    const done = await world.action({
      eventName: 'pull_request',
      payload: pullEvent('closed', t3?.number ?? 0),
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

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labeledIssue, webhookPayload } from '../fixtures/webhooks.js';
import { NO_SANDBOX } from '../helpers/sandbox-gate.js';
import { CLAUDE_INSTALL_TIMEOUT_MS } from '../standins/anthropic/index.js';
import { invalidDocuments } from '../standins/github/graphql.js';
import type { GitHubStandIn } from '../standins/github/index.js';
import { mergeWorld, settleMerges } from '../standins/github/merge-state.js';
import type { LinearStandIn } from '../standins/linear/index.js';
import { pullEvent, until } from './merge-events.js';
import { OWNER, REPO, startWorld, type World } from './world.js';

/**
 * `merge: auto` with `wait: false`, end to end through dist/index.js: the job dispatches and exits,
 * and the events that follow carry the work all the way in. t3 depends on t1 and is stacked on
 * t1's branch (its PR targets it); when t1 merges, t3 is retargeted to main, updated, validated
 * again on its new head and merged, and the Linear issue is completed.
 */
const STACKED_PLAN = {
  summary: 'Greeting API, then its docs',
  tasks: [
    {
      id: 't1',
      title: 'Greeting API',
      kind: 'implementation',
      prompt: 'Add GET /greet.',
      files: ['src/greet.ts'],
      acceptance: ['GET /greet answers'],
      dependsOn: [],
      requiresIsolation: false,
      size: 'l',
    },
    {
      id: 't3',
      title: 'Greeting docs',
      kind: 'docs',
      prompt: 'Document GET /greet.',
      files: ['docs/greet.md'],
      acceptance: ['the doc exists'],
      dependsOn: ['t1'],
      requiresIsolation: false,
      size: 'l',
    },
  ],
};

let world: World;
let linear: LinearStandIn;

/** Codegen's App pushes the agent's branch (from its prerequisite's, as the prompt asks) and opens the PR against it. */
function stackedFinish(github: GitHubStandIn) {
  return (run: { id: number; metadata?: Record<string, unknown> | null; pullRequests: unknown[] }) => {
    if (run.pullRequests.length > 0) return [];
    const head = String(run.metadata?.branch);
    const task = String(run.metadata?.task);
    const base = task === 't3' ? head.replace(/t3$/, 't1') : 'main';
    github.state.addBranch(OWNER, REPO, head, github.state.branchSha(OWNER, REPO, base));
    github.state.putFile(OWNER, REPO, head, `docs/${task}.md`, `# ${task}\n`);
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
  world = await startWorld({ runMs: 1_500, codegenFinish: stackedFinish });
  if (!world.linear) throw new Error('these tests need the Linear stand-in');
  linear = world.linear;
}, CLAUDE_INSTALL_TIMEOUT_MS);
afterAll(() => world?.close());

const INPUTS = { strategy: 'cloud-only', wait: 'false', merge: 'auto' };

// Local agents and validation run only in the sandbox: skipped with the install command without it.
describe.skipIf(NO_SANDBOX)('merge: auto with wait: false, through events, end to end', () => {
  it('lands t1, retargets the stacked t3 to main, revalidates it, merges it and completes the Linear issue', async () => {
    const twin = world.github.state.addIssue(OWNER, REPO, { title: 'Greeting', user: 'linear[bot]' });
    const payload = labeledIssue('cyrus', 'linear[bot]', 'Bot') as {
      issue: { number: number; html_url: string };
    };
    payload.issue.number = twin.number;
    payload.issue.html_url = `${world.github.url}/${OWNER}/${REPO}/issues/${twin.number}`;
    const team = linear.world.addTeam('ENG');
    const issue = linear.world.addIssue({
      team,
      title: 'Greeting',
      description: 'Add it.',
      githubUrl: payload.issue.html_url,
    });
    world.plan = STACKED_PLAN;
    const show = (run: { stdout: string; stderr: string }) =>
      `${run.stdout.slice(-5000)}\n${run.stderr.slice(-1500)}`;

    // main needs one approving review; the repository allows auto-merge.
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
        id: 7000 + number,
        pullNumber: number,
        user: 'alice',
        body: 'lgtm',
        state: 'APPROVED',
        commitId: world.github.state.branchSha(OWNER, REPO, pr?.head.ref ?? '') ?? '',
        submittedAt: new Date().toISOString(),
      });
      // GitHub's auto-merge fires in the background once the review is in.
      settleMerges(world.github.state, repo);
    };
    const workflowRun = () =>
      world.action({
        eventName: 'workflow_run',
        payload: webhookPayload('workflow_run', 'completed'),
        inputs: INPUTS,
      });

    // 1. The label: plan, dispatch t1 to Codegen, exit.
    const first = await world.action({ eventName: 'issues', payload, inputs: INPUTS });
    expect(first.code, show(first)).toBe(0);
    expect(first.outputs.status).toBe('pending');
    await until(world, 't1 PR', () => world.github.state.pullRequests(OWNER, REPO).length === 1);
    const t1 = world.github.state.pullRequests(OWNER, REPO)[0];

    // 2. CI finished on t1: validated; branch protection wants a review, so auto-merge is enabled, not a merge.
    const ci = await workflowRun();
    expect(ci.code, show(ci)).toBe(0);
    expect(ci.stdout).toMatch(/Merge: t1 \(PR #\d+\): auto_merge: auto-merge enabled \(squash\)/);
    expect(t1?.merged).toBe(false);

    // 3. The next event dispatches t3, stacked on t1's branch (t1 is not merged yet).
    const next = await workflowRun();
    expect(next.code, show(next)).toBe(0);
    await until(world, 't3 PR', () => world.github.state.pullRequests(OWNER, REPO).length === 2);
    const t3 = world.github.state.pullRequests(OWNER, REPO)[1];
    expect(t3?.base.ref).toBe(t1?.head.ref);

    // 4. A person approves t1 and GitHub merges it; its closed event retargets t3 to main and updates it.
    approve(t1?.number ?? 0);
    expect(t1?.merged).toBe(true);
    const merged = await world.action({
      eventName: 'pull_request',
      payload: pullEvent(world, 'closed', t1?.number ?? 0),
      inputs: INPUTS,
    });
    expect(merged.code, show(merged)).toBe(0);
    expect(t3?.base.ref).toBe('main');
    expect(t3?.merged).toBe(false);
    expect(merged.stdout).toMatch(
      /Merge: t3 \(PR #\d+\): revalidating: .*updated with main; it is validated again/,
    );
    expect(linear.world.stateOf(issue).name).not.toBe('Done');

    // 5. The update's push (an App token's push starts CI): t3 validated again; auto-merge waits for its review.
    const sync = await world.action({
      eventName: 'pull_request',
      payload: pullEvent(world, 'synchronize', t3?.number ?? 0),
      inputs: INPUTS,
    });
    expect(sync.code, show(sync)).toBe(0);
    expect(sync.stdout).toMatch(/Merge: t3 \(PR #\d+\): auto_merge/);
    expect(t3?.merged).toBe(false);

    // 6. Approved and merged by GitHub; its closed event closes the loop.
    approve(t3?.number ?? 0);
    const done = await world.action({
      eventName: 'pull_request',
      payload: pullEvent(world, 'closed', t3?.number ?? 0),
      inputs: INPUTS,
    });
    expect(done.code, show(done)).toBe(0);
    expect(t3?.merged).toBe(true);
    for (const file of ['docs/t1.md', 'docs/t3.md'])
      expect(world.github.state.file(OWNER, REPO, 'main', file)).toBeDefined();
    expect(linear.world.stateOf(issue).name).toBe('Done');
    const comments = linear.world.commentsOn(issue.id);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('**Merged:** 2 of 2 PRs');
    expect(comments[0]?.body).toMatch(/\*\*Outcome:\*\* all 2 subtask PRs merged/);
    expect(world.github.state.repo(OWNER, REPO)?.issues.find((i) => i.number === twin.number)?.state).toBe(
      'closed',
    );
    const record = await world.ledger().readIssue(issue.identifier);
    expect(record?.landing?.outcome).toBe('completed');
    expect(invalidDocuments).toEqual([]);
    expect(linear.invalidQueries).toEqual([]);
  }, 400_000);

  it('wait: true lands both independent PRs in the job, completes the issue in its one final update', async () => {
    const twin = world.github.state.addIssue(OWNER, REPO, { title: 'Two tasks', user: 'linear[bot]' });
    const payload = labeledIssue('cyrus', 'linear[bot]', 'Bot') as {
      issue: { number: number; html_url: string };
    };
    payload.issue.number = twin.number;
    payload.issue.html_url = `${world.github.url}/${OWNER}/${REPO}/issues/${twin.number}`;
    const team = linear.world.addTeam('OPS');
    const issue = linear.world.addIssue({
      team,
      title: 'Two tasks',
      description: 'Both.',
      githubUrl: payload.issue.html_url,
    });
    world.plan = { ...STACKED_PLAN, tasks: STACKED_PLAN.tasks.map((t) => ({ ...t, dependsOn: [] })) };
    const repo = world.github.state.repo(OWNER, REPO);
    if (!repo) throw new Error('no repository');
    mergeWorld(repo).protection.delete('main');
    const before = world.github.state.pullRequests(OWNER, REPO).length;
    const linearBefore = linear.requests.length;

    const run = await world.action({
      eventName: 'issues',
      payload,
      inputs: { strategy: 'cloud-only', merge: 'auto' },
    });
    expect(run.code, `${run.stdout.slice(-5000)}\n${run.stderr.slice(-1500)}`).toBe(0);
    expect(run.outputs.status).toBe('success');
    const pulls = world.github.state.pullRequests(OWNER, REPO).slice(before);
    expect(pulls.map((p) => p.merged)).toEqual([true, true]);
    expect(linear.world.stateOf(issue).name).toBe('Done');
    expect(linear.world.commentsOn(issue.id)).toHaveLength(1);
    // The state moved to Done in the same request as the comment's last edit, and nothing came after.
    const writes = linear.requests
      .slice(linearBefore)
      .filter((r) => r.rootFields.some((f) => f.startsWith('comment')));
    const last = writes.at(-1);
    expect(last?.rootFields).toContain('issueUpdate');
    expect(writes.filter((r) => r.rootFields.includes('issueUpdate') && r === last)).toHaveLength(1);
    expect(linear.world.commentsOn(issue.id)[0]?.body).toContain('**Merged:** 2 of 2 PRs');
    expect(run.summary).toContain('classDef merged');
    expect(world.github.state.repo(OWNER, REPO)?.issues.find((i) => i.number === twin.number)?.state).toBe(
      'closed',
    );
  }, 400_000);
});

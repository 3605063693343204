import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labeledIssue } from '../fixtures/webhooks.js';
import { NO_SANDBOX } from '../helpers/sandbox-gate.js';
import { CLAUDE_INSTALL_TIMEOUT_MS } from '../standins/anthropic/index.js';
import { openPullRequestOnFinish } from '../standins/codegen/github-app.js';
import type { LinearStandIn } from '../standins/linear/index.js';
import { ONE_CLOUD_TASK, OWNER, REPO, startWorld, type World } from './world.js';

let world: World;
let linear: LinearStandIn;
beforeAll(async () => {
  // Codegen's agent: the first run opens the PR (its CI fails); a fix run pushes a new commit to
  // the same branch, whose CI passes, and lists the same PR.
  world = await startWorld({
    codegenFinish: (github) => {
      const opens = openPullRequestOnFinish(github.state, { owner: OWNER, repo: REPO });
      return (run) => {
        if (run.metadata?.attempt !== 2) return opens(run);
        const pr = github.state.pullRequests(OWNER, REPO).at(-1);
        if (!pr) return [];
        const sha = github.state.putFile(OWNER, REPO, pr.head.ref, 'src/greet.fix.ts', 'export {};\n');
        github.state.addCheckSuite(OWNER, REPO, sha, {
          headBranch: pr.head.ref,
          checkRuns: [{ name: 'test', conclusion: 'success', summary: 'stand-in CI' }],
        });
        return [
          {
            id: 80_000 + pr.number,
            title: pr.title,
            url: pr.html_url,
            created_at: new Date().toISOString(),
            head_branch_name: pr.head.ref,
          },
        ];
      };
    },
  });
  if (!world.linear) throw new Error('these tests need the Linear stand-in');
  linear = world.linear;
  world.plan = ONE_CLOUD_TASK;
  world.github.state.ci = { conclusion: () => 'failure' };
}, CLAUDE_INSTALL_TIMEOUT_MS);
afterAll(() => world?.close());

// Local agents (the fallback) run only in the sandbox: skipped with the install command without it.
describe.skipIf(NO_SANDBOX)('Codegen resume only when paused, through dist/index.js', () => {
  it('fixes failing CI of a finished run with a NEW run told to push to the same branch, never resume', async () => {
    const payload = labeledIssue('cyrus', 'linear[bot]', 'Bot') as { issue: { html_url: string } };
    const issue = linear.world.addIssue({
      team: linear.world.addTeam('RSM'),
      title: 'Greeting',
      githubUrl: payload.issue.html_url,
    });
    const run = await world.action({ eventName: 'issues', payload, inputs: { strategy: 'cloud-only' } });
    expect(run.outputs.status, run.stdout.slice(-4000)).toBe('success');

    // Codegen saw two creates and no resume: a finished run is never resumed.
    const routes = world.codegen.requests.map((r) => r.route);
    expect(routes.filter((r) => r === 'create')).toHaveLength(2);
    expect(routes.filter((r) => r === 'resume')).toEqual([]);
    const [first, fix] = [...world.codegen.state.runs.values()];
    expect(fix?.prompt).toMatch(/Check out the existing branch `cyrus\/[a-z0-9-]+`/);
    expect(fix?.prompt).toContain('Do not create another branch or open another pull request');
    expect(run.stdout).toMatch(/run \d+ is COMPLETE \(resume is for paused runs only\); starting a new run/);

    // One PR, its new head validated; the ledger has two attempts, two different runs.
    const prs = world.github.state.pullRequests(OWNER, REPO);
    expect(prs).toHaveLength(1);
    const task = (await world.ledger().readIssue(issue.identifier))?.tasks.api;
    expect(task?.state).toBe('succeeded');
    expect(task?.attempts.map((a) => a.sessionId)).toEqual([String(first?.id), String(fix?.id)]);
    expect(linear.world.commentsOn(issue.id)[0]?.body).toContain(prs[0]?.html_url ?? '?');
  }, 240_000);
});

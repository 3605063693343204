import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GH_TOKEN } from '../executors/local/fixture.js';
import { labeledIssue } from '../fixtures/webhooks.js';
import { tokenForms } from '../git/helpers/repos.js';
import { NO_SANDBOX } from '../helpers/sandbox-gate.js';
import { CLAUDE_INSTALL_TIMEOUT_MS } from '../standins/anthropic/index.js';
import type { LinearStandIn } from '../standins/linear/index.js';
import { OWNER, REPO, startWorld, type World } from './world.js';

let world: World;
let linear: LinearStandIn;
beforeAll(async () => {
  world = await startWorld();
  if (!world.linear) throw new Error('these tests need the Linear stand-in');
  linear = world.linear;
}, CLAUDE_INSTALL_TIMEOUT_MS);
afterAll(() => world?.close());

// Local agents and validation run only in the sandbox: skipped with the install command without it.
describe.skipIf(NO_SANDBOX)('mode run through dist/index.js, end to end against all four stand-ins', () => {
  it('turns a labelled, Linear-synced issue into validated PRs from both executors and one tracking comment', async () => {
    const payload = labeledIssue('cyrus', 'linear[bot]', 'Bot') as { issue: { html_url: string } };
    const team = linear.world.addTeam('ENG');
    const issue = linear.world.addIssue({
      team,
      title: 'Greeting',
      description: 'Add a greeting API and document it.',
      githubUrl: payload.issue.html_url,
    });

    // An issue could talk the planner into reading the checkout's git config: it must find no token.
    world.plannerReads = path.join(world.workspace, '.git', 'config');
    const requestsBefore = world.github.requests.length;
    const run = await world.action({ eventName: 'issues', payload, inputs: { strategy: 'hybrid-smart' } });
    world.plannerReads = undefined;
    // The job summary says what the run cost in GitHub's request budget, as GitHub counted it.
    const seen = world.github.requests.slice(requestsBefore).filter((r) => !/\.git\//.test(r.path));
    const rest = seen.filter((r) => r.status !== 304).length;
    const free = seen.length - rest;
    const commits = seen.filter(
      (r) => r.method === 'PUT' && r.path.includes('/contents/') && r.status < 300,
    ).length;
    expect(run.summary).toMatch(
      new RegExp(
        `GitHub: ${rest} REST request\\(s\\) \\(\\d+ read\\(s\\), \\d+ write\\(s\\), of them ${commits} commit\\(s\\)\\); ${free} more answered 304`,
      ),
    );
    expect(run.code, `${run.stdout.slice(-6000)}\n${run.stderr.slice(-2000)}`).toBe(0);
    expect(run.outputs.status).toBe('success');
    expect(run.outputs['linear-issue']).toBe(issue.identifier);
    expect(JSON.parse(run.outputs.plan ?? '{}').tasks.map((t: { id: string }) => t.id)).toEqual([
      'api',
      'docs',
    ]);
    const prs = JSON.parse(run.outputs['pull-requests'] ?? '[]') as string[];
    expect(prs).toHaveLength(2);
    expect(run.stdout).toMatch(/Task api → codegen \(attempt 1\): hybrid-smart sends large tasks to Codegen/);
    expect(run.stdout).toMatch(/Task docs → claude-code \(attempt 1\): hybrid-smart keeps small tasks local/);

    const planner = world.anthropic.requests.filter((r) => r.toolNames.includes('StructuredOutput'));
    const readBack = planner.flatMap((r) => r.toolResults.map((t) => t.content)).join('\n');
    expect(readBack).toContain('[remote "origin"]');
    for (const form of tokenForms(GH_TOKEN)) expect(readBack).not.toContain(form);

    // Both PRs exist on GitHub, on branches that carry the Linear identifier, each validated:
    // its CI awaited, then the Cyrus validation check run posted as passed.
    const pulls = world.github.state.pullRequests(OWNER, REPO);
    expect(pulls.map((p) => p.head.ref).sort()).toEqual(['cyrus/eng-1-api', 'cyrus/eng-1-docs']);
    for (const pr of pulls) {
      const own = world.github.state
        .checkRuns(OWNER, REPO, pr.head.sha)
        .filter((r) => r.name === 'Cyrus validation');
      expect(own.map((r) => [r.status, r.conclusion])).toEqual([['completed', 'success']]);
    }

    // One tracking comment, updated in place, with both PRs; the issue moved to in review.
    const comments = linear.world.commentsOn(issue.id);
    expect(comments).toHaveLength(1);
    for (const url of prs) expect(comments[0]?.body).toContain(url);
    expect(linear.world.stateOf(issue).name).toBe('In Review');
    expect(linear.invalidQueries).toEqual([]);
    expect(linear.stats.requests).toBeLessThanOrEqual(8);

    // The job summary shows the plan, and the ledger remembers everything.
    expect(run.summary).toContain('```mermaid');
    const record = await world.ledger().readIssue(issue.identifier);
    expect(record?.status).toBe('succeeded');
    expect(Object.values(record?.tasks ?? {}).map((t) => [t.id, t.executor, t.state])).toEqual([
      ['api', 'codegen', 'succeeded'],
      ['docs', 'claude-code', 'succeeded'],
    ]);

    // A re-delivered label event dispatches nothing new.
    const creates = world.codegen.stats.byRoute.create;
    const again = await world.action({ eventName: 'issues', payload });
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs.status).toBe('success');
    expect(again.stdout).toContain('was already worked on by run');
    expect(world.codegen.stats.byRoute.create).toBe(creates);
    expect(linear.world.commentsOn(issue.id)).toHaveLength(1);
  }, 240_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labeledIssue, webhookPayload } from '../fixtures/webhooks.js';
import { NO_SANDBOX } from '../helpers/sandbox-gate.js';
import { CLAUDE_INSTALL_TIMEOUT_MS } from '../standins/anthropic/index.js';
import type { LinearStandIn } from '../standins/linear/index.js';
import { ONE_CLOUD_TASK, OWNER, REPO, startWorld, type World } from './world.js';

let world: World;
let linear: LinearStandIn;
beforeAll(async () => {
  // Codegen's real agents: an org with several repositories (the default one is not ours), and an
  // agent that names its branch and titles its PR itself.
  world = await startWorld({
    codegenRepos: ['acme/default-repo', `${OWNER}/${REPO}`],
    agentNames: { branch: (run) => `codegen-bot/greeting-${run.id}`, title: () => 'Add a greeting endpoint' },
  });
  if (!world.linear) throw new Error('these tests need the Linear stand-in');
  linear = world.linear;
  world.plan = ONE_CLOUD_TASK;
}, CLAUDE_INSTALL_TIMEOUT_MS);
afterAll(() => world?.close());

function labelled(number: number, team: string) {
  const payload = labeledIssue('cyrus', 'linear[bot]', 'Bot') as {
    issue: { html_url: string; number: number };
  };
  payload.issue.number = number;
  payload.issue.html_url = `https://github.com/acme/widgets/issues/${number}`;
  const issue = linear.world.addIssue({
    team: linear.world.addTeam(team),
    title: 'Greeting',
    githubUrl: payload.issue.html_url,
  });
  return { payload, issue };
}

// Local agents and validation run only in the sandbox: skipped with the install command without it.
describe.skipIf(NO_SANDBOX)('Codegen’s real agents through dist/index.js', () => {
  it('resolves repo_id of GITHUB_REPOSITORY and adopts the branch and PR the agent chose', async () => {
    const { payload, issue } = labelled(21, 'CGA');
    const run = await world.action({ eventName: 'issues', payload, inputs: { strategy: 'cloud-only' } });
    expect(run.outputs.status, run.stdout.slice(-4000)).toBe('success');

    // The run was sent to this repository, not the org's default one, found by listing the org's once.
    expect(world.codegen.requests.filter((r) => r.route === 'repos')).toHaveLength(1);
    const create = world.codegen.requests.find((r) => r.route === 'create');
    expect(create?.body).toMatchObject({ repo_id: 701 });
    const cgRun = [...world.codegen.state.runs.values()].at(-1);
    expect(cgRun?.repository).toBe(`${OWNER}/${REPO}`);

    // The agent's own branch is the task's branch in the ledger, and its PR is validated.
    const pr = world.github.state
      .pullRequests(OWNER, REPO)
      .find((p) => p.title === 'Add a greeting endpoint');
    expect(pr?.head.ref).toBe(`codegen-bot/greeting-${cgRun?.id}`);
    const task = (await world.ledger().readIssue(issue.identifier))?.tasks.api;
    expect(task).toMatchObject({
      state: 'succeeded',
      branch: pr?.head.ref,
      pullRequest: { number: pr?.number },
    });
    const checks = world.github.state
      .checkRuns(OWNER, REPO, pr?.head.sha ?? '')
      .filter((c) => c.name === 'Cyrus validation');
    expect(checks.map((c) => c.conclusion)).toEqual(['success']);
    expect(run.stdout).toContain(`the PR's branch is ${pr?.head.ref}, not cyrus/`);
    expect(linear.world.commentsOn(issue.id)[0]?.body).toContain(pr?.html_url ?? '?');
  }, 180_000);

  it('validate mode recognises the agent’s PR by the ledger’s run, not by our branch naming', async () => {
    const { payload, issue } = labelled(22, 'CGB');
    const first = await world.action({
      eventName: 'issues',
      payload,
      inputs: { strategy: 'cloud-only', wait: 'false' },
    });
    expect(first.outputs.status, first.stdout.slice(-3000)).toBe('pending');
    const runId = Number(
      (await world.ledger().readIssue(issue.identifier))?.tasks.api?.attempts.at(-1)?.sessionId,
    );

    // The run finishes and its PR is opened on the agent's branch; GitHub sends pull_request.opened.
    await new Promise((r) => setTimeout(r, 3_000));
    await fetch(`${world.codegen.url}/v1/organizations/42/agent/run/${runId}`, {
      headers: { authorization: 'Bearer cg_test_token' },
    });
    const pr = world.github.state
      .pullRequests(OWNER, REPO)
      .find((p) => p.head.ref === `codegen-bot/greeting-${runId}`);
    expect(pr, 'the stand-in opened the agent’s PR').toBeDefined();
    const event = webhookPayload('pull_request', 'opened') as {
      number: number;
      pull_request: {
        number: number;
        html_url: string;
        title: string;
        head: { ref: string; sha: string; repo: { full_name: string } };
        base: { ref: string; repo: { full_name: string } };
      };
    };
    event.number = pr?.number ?? 0;
    Object.assign(event.pull_request, { number: pr?.number, html_url: pr?.html_url, title: pr?.title });
    Object.assign(event.pull_request.head, {
      ref: pr?.head.ref,
      sha: pr?.head.sha,
      repo: { ...event.pull_request.head.repo, full_name: `${OWNER}/${REPO}` },
    });
    Object.assign(event.pull_request.base, {
      ref: 'main',
      repo: { ...event.pull_request.base.repo, full_name: `${OWNER}/${REPO}` },
    });

    const validate = await world.action({ eventName: 'pull_request', payload: event });
    expect(validate.outputs.status, validate.stdout.slice(-3000)).toBe('success');
    expect(validate.stdout).toContain(
      `validate: PR #${pr?.number} is ${issue.identifier}/api (Codegen run ${runId} of the ledger lists it)`,
    );
    const checks = world.github.state
      .checkRuns(OWNER, REPO, pr?.head.sha ?? '')
      .filter((c) => c.name === 'Cyrus validation');
    expect(checks.map((c) => c.conclusion)).toContain('success');
    const task = (await world.ledger().readIssue(issue.identifier))?.tasks.api;
    expect(task).toMatchObject({
      branch: pr?.head.ref,
      pullRequest: { number: pr?.number, title: 'Add a greeting endpoint' },
    });
  }, 180_000);

  it('a later job takes the repo id from the ledger: it lists none of the org’s repositories', async () => {
    const first = labelled(23, 'CGC');
    const before = world.codegen.requests.length;
    const dispatched = await world.action({
      eventName: 'issues',
      payload: first.payload,
      inputs: { strategy: 'cloud-only', wait: 'false' },
    });
    expect(dispatched.outputs.status, dispatched.stdout.slice(-3000)).toBe('pending');
    const attempt = (await world.ledger().readIssue(first.issue.identifier))?.tasks.api?.attempts.at(-1);
    expect(attempt?.memo?.codegenRepo).toEqual({ id: 701, fullName: `${OWNER}/${REPO}` });

    const second = labelled(24, 'CGD');
    const middle = world.codegen.requests.length;
    const later = await world.action({
      eventName: 'issues',
      payload: second.payload,
      inputs: { strategy: 'cloud-only', wait: 'false' },
    });
    expect(later.outputs.status, later.stdout.slice(-3000)).toBe('pending');
    const laterRequests = world.codegen.requests.slice(middle);
    expect(laterRequests.find((r) => r.route === 'create')?.body).toMatchObject({ repo_id: 701 });
    expect(laterRequests.filter((r) => r.route === 'repos')).toEqual([]);
    expect(world.codegen.requests.slice(before).filter((r) => r.route === 'repos')).toEqual([]);
  }, 180_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labeledIssue } from '../fixtures/webhooks.js';
import { NO_SANDBOX } from '../helpers/sandbox-gate.js';
import { CLAUDE_INSTALL_TIMEOUT_MS } from '../standins/anthropic/index.js';
import { openPullRequestOnFinish } from '../standins/codegen/github-app.js';
import { lifecycle } from '../standins/codegen/index.js';
import type { LinearStandIn } from '../standins/linear/index.js';
import { ONE_CLOUD_TASK, OWNER, REPO, startWorld, type World } from './world.js';

let world: World;
let linear: LinearStandIn;
beforeAll(async () => {
  // Codegen's agent stops for input (PAUSED) until it is resumed; then it finishes with a PR.
  world = await startWorld({
    codegenScript: (github) => {
      const opens = openPullRequestOnFinish(github.state, { owner: OWNER, repo: REPO });
      return ({ resume }) =>
        resume
          ? lifecycle({ queuedMs: 0, durationMs: 1_500, onFinish: opens })
          : { steps: [{ status: 'PAUSED', afterMs: 500 }] };
    },
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

// Local agents (the fallback) run only in the sandbox: skipped with the install command without it.
describe.skipIf(NO_SANDBOX)('Codegen resume only when paused, through dist/index.js', () => {
  it('resumes a PAUSED run, which then opens its PR', async () => {
    const { payload, issue } = labelled(31, 'PSA');
    const before = world.codegen.requests.length;
    const run = await world.action({ eventName: 'issues', payload, inputs: { strategy: 'cloud-only' } });
    expect(run.outputs.status, run.stdout.slice(-4000)).toBe('success');
    const requests = world.codegen.requests.slice(before);
    const resumes = requests.filter((r) => r.route === 'resume');
    expect(resumes.map((r) => r.status)).toEqual([200]);
    expect(requests.filter((r) => r.route === 'create')).toHaveLength(1);
    expect(run.stdout).toMatch(/Task api: codegen PAUSED/);
    expect(run.stdout).toMatch(/Codegen POST \/v1\/organizations\/42\/agent\/run\/resume → 200/);
    const task = (await world.ledger().readIssue(issue.identifier))?.tasks.api;
    expect(task?.state).toBe('succeeded');
    expect(task?.attempts).toHaveLength(1);
  }, 240_000);

  it('a refused resume does not loop: each paused run is asked once, and the job ends', async () => {
    const { payload, issue } = labelled(32, 'PSB');
    world.codegen.faults.inject({ kind: '4xx', route: 'resume', times: Number.POSITIVE_INFINITY });
    const before = world.codegen.requests.length;
    const run = await world.action({ eventName: 'issues', payload, inputs: { strategy: 'cloud-only' } });
    expect(run.outputs.status, run.stdout.slice(-4000)).toBe('failure');
    const requests = world.codegen.requests.slice(before);
    const resumed = requests
      .filter((r) => r.route === 'resume')
      .map((r) => (r.body as { agent_run_id: number }).agent_run_id);
    const created = requests.filter((r) => r.route === 'create');
    // One run, paused once, asked once: the refusal ends the task instead of asking again.
    expect(created).toHaveLength(1);
    expect(resumed).toHaveLength(1);
    expect(new Set(resumed).size).toBe(resumed.length);
    expect(run.stdout).toMatch(
      /Task api: failed \(internal: Codegen refused resuming agent run \d+ \(HTTP 422/,
    );
    const task = (await world.ledger().readIssue(issue.identifier))?.tasks.api;
    expect(task?.state).toBe('failed');
    expect(task?.attempts.length).toBe(created.length);
  }, 240_000);
});

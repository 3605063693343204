import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_SANDBOX } from '../helpers/sandbox-gate.js';
import { CLAUDE_INSTALL_TIMEOUT_MS } from '../standins/anthropic/index.js';
import { type LinearStandIn, TEST_ACCESS_TOKEN, TEST_API_KEY } from '../standins/linear/index.js';
import { startWorld, TWO_TASK_PLAN, type World } from './world.js';

let world: World;
let linear: LinearStandIn;
beforeAll(async () => {
  world = await startWorld();
  if (!world.linear) throw new Error('these tests need the Linear stand-in');
  linear = world.linear;
  linear.world.installApp();
}, CLAUDE_INSTALL_TIMEOUT_MS);
afterAll(() => world?.close());

/** A job started by hand on a Linear issue, with the Linear credential given. */
function job(identifier: string, credential: string, inputs: Record<string, string> = {}) {
  return world.action({
    eventName: 'workflow_dispatch',
    payload: {},
    inputs: {
      mode: 'run',
      issue: identifier,
      strategy: 'cloud-only',
      'linear-api-key': credential,
      ...inputs,
    },
  });
}

const DOCS_AFTER_API = {
  ...TWO_TASK_PLAN,
  tasks: TWO_TASK_PLAN.tasks.map((t) => (t.id === 'docs' ? { ...t, dependsOn: ['api'] } : t)),
};

describe.skipIf(NO_SANDBOX)('the Linear agent session, through dist/index.js', () => {
  it('an app token opens one session, streams the work in order with the plan and PRs, and a later job continues it to a response', async () => {
    const team = linear.world.addTeam('APP');
    const issue = linear.world.addIssue({
      team,
      title: 'Greeting',
      description: 'Add a greeting API and document it.',
    });
    world.plan = TWO_TASK_PLAN;
    const first = await job(issue.identifier, TEST_ACCESS_TOKEN, { wait: 'false' });
    expect(first.code, `${first.stdout.slice(-4000)}\n${first.stderr.slice(-2000)}`).toBe(0);
    const sessions = linear.world.agentSessions.onIssue(issue.id);
    expect(sessions).toHaveLength(1);
    const session = sessions[0];
    if (!session) throw new Error('no session');
    const types = () => session.activities.map((a) => a.content.type);
    const actions = () =>
      session.activities.flatMap((a) => (a.content.type === 'action' ? [String(a.content.action)] : []));
    // The job dispatched and left: no response yet, a note that the work goes on.
    expect(types().at(-1)).toBe('thought');
    expect(actions()).toEqual(['Plan', 'Dispatch', 'Dispatch']);
    expect(session.externalUrls.map((u) => u.label)).toEqual(['Workflow run']);
    expect((await world.ledger().readIssue(issue.identifier))?.tracking.linearAgentSessionId).toBe(
      session.id,
    );

    const later = await world.action({
      eventName: 'workflow_dispatch',
      payload: {},
      inputs: { mode: 'reconcile', issue: issue.identifier, 'linear-api-key': TEST_ACCESS_TOKEN },
    });
    expect(later.code, `${later.stdout.slice(-4000)}\n${later.stderr.slice(-2000)}`).toBe(0);
    expect(linear.world.agentSessions.onIssue(issue.id)).toHaveLength(1);
    const prs = JSON.parse(later.outputs['pull-requests'] ?? '[]') as string[];
    expect(prs).toHaveLength(2);
    expect(types()[0]).toBe('thought');
    expect(types().at(-1)).toBe('response');
    expect(String(session.activities.at(-1)?.content.body)).toMatch(/^Done: all 2 task\(s\) succeeded/);
    // The later job opens with one thought and adds only what happened since.
    expect(actions().filter((a) => a === 'Plan' || a === 'Dispatch')).toEqual([
      'Plan',
      'Dispatch',
      'Dispatch',
    ]);
    expect(actions().filter((a) => a === 'Pull request')).toHaveLength(2);
    expect(actions().filter((a) => a === 'Verdict')).toHaveLength(2);
    expect(actions().indexOf('Dispatch')).toBeLessThan(actions().indexOf('Pull request'));
    expect(actions().indexOf('Pull request')).toBeLessThan(actions().lastIndexOf('Verdict'));
    expect(session.plan).toEqual({
      steps: [
        { content: 'Greeting API', status: 'completed' },
        { content: 'Document greeting', status: 'completed' },
      ],
    });
    for (const url of prs) expect(session.externalUrls.map((u) => u.url)).toContain(url);
    expect(session.status).toBe('complete');

    // Batched: far fewer requests to the Agents API than activities posted.
    const agentRequests = linear.requests.filter((r) =>
      r.rootFields.some((f) => f.startsWith('agentSession') || f.startsWith('agentActivity')),
    );
    expect(agentRequests.length).toBeLessThan(session.activities.length);
    // The tracking comment stays the one summary; the stream is not copied into it.
    const comments = linear.world.commentsOn(issue.id);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).not.toContain('Still working');
    expect(linear.invalidQueries).toEqual([]);
  }, 300_000);

  it('a stop from Linear between two dispatches starts nothing more, and the report says who stopped it', async () => {
    const team = linear.world.addTeam('STP');
    const issue = linear.world.addIssue({ team, title: 'Greeting', description: 'API, then its docs.' });
    world.plan = DOCS_AFTER_API;
    const ada = linear.world.addUser('Ada');
    linear.world.agentSessions.onActivity = (session, activity) => {
      if (activity.content.action === 'Dispatch' && String(activity.content.parameter).startsWith('api'))
        linear.world.agentSessions.stop(session.id, ada);
    };
    const creates = world.codegen.stats.byRoute.create ?? 0;
    const run = await job(issue.identifier, TEST_ACCESS_TOKEN);
    linear.world.agentSessions.onActivity = undefined;
    expect(run.code, `${run.stdout.slice(-4000)}\n${run.stderr.slice(-2000)}`).toBe(0);
    expect(world.codegen.stats.byRoute.create).toBe(creates + 1);
    const record = await world.ledger().readIssue(issue.identifier);
    expect(record?.tasks.api?.state).toBe('succeeded');
    expect(record?.tasks.docs?.state).toBe('held');
    expect(record?.tasks.docs?.note).toBe('stopped from Linear by Ada');
    expect(run.stdout).toContain('stopped from Linear by Ada');
    const session = linear.world.agentSessions.onIssue(issue.id)[0];
    const last = session?.activities.at(-1)?.content;
    expect(last?.type).toBe('response');
    expect(String(last?.body)).toMatch(/^Stopped by Ada: 1 of 2 task\(s\) done/);
    expect(linear.world.commentsOn(issue.id)[0]?.body).toContain('stopped from Linear by Ada');
  }, 300_000);

  it('a personal API key gets the tracking comment only', async () => {
    const team = linear.world.addTeam('KEY');
    const issue = linear.world.addIssue({ team, title: 'Greeting', description: 'Add a greeting API.' });
    world.plan = TWO_TASK_PLAN;
    const before = linear.requests.length;
    const run = await job(issue.identifier, TEST_API_KEY);
    expect(run.code, `${run.stdout.slice(-4000)}\n${run.stderr.slice(-2000)}`).toBe(0);
    expect(linear.world.agentSessions.onIssue(issue.id)).toEqual([]);
    expect(linear.world.commentsOn(issue.id)).toHaveLength(1);
    const fields = linear.requests.slice(before).flatMap((r) => r.rootFields);
    expect(fields.filter((f) => f === 'viewer' || f.startsWith('agent'))).toEqual([]);
  }, 300_000);
});

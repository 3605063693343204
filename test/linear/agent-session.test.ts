import { describe, expect, it } from 'vitest';
import type { IssueRecord, TaskRecord } from '../../src/ledger/index.js';
import { type AgentSessionGateway, AgentSessionReporter } from '../../src/linear/index.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { TEST_EPOCH } from '../helpers/fixed-time.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { STALE_AFTER_MS, TEST_ACCESS_TOKEN } from '../standins/linear/index.js';
import { useLinearStandIn } from './helpers.js';

const at = new Date(TEST_EPOCH).toISOString();
const RUN = 'https://github.com/acme/widgets/actions/runs/9';
const PR = { number: 3, url: 'https://github.com/acme/widgets/pull/3', headBranch: 'cyrus/eng-1-api' };

function record(
  tasks: Record<string, Partial<TaskRecord>>,
  status: IssueRecord['status'] = 'running',
): IssueRecord {
  const ids = ['api', 'docs'];
  return {
    schema: 1,
    issue: { identifier: 'ENG-1', title: 'Login' },
    claimedBy: { runId: 'r1', at },
    status,
    plan: {
      summary: 'API then docs',
      tasks: ids.map((id) => ({
        id,
        title: `Task ${id}`,
        kind: 'implementation' as const,
        prompt: id,
        files: [],
        acceptance: ['ok'],
        dependsOn: id === 'docs' ? ['api'] : [],
        requiresIsolation: false,
        size: 's' as const,
      })),
    },
    tasks: Object.fromEntries(
      ids.map((id) => [
        id,
        { id, title: `Task ${id}`, state: 'pending', attempts: [], updatedAt: at, ...tasks[id] },
      ]),
    ) as Record<string, TaskRecord>,
    tracking: {},
    createdAt: at,
    updatedAt: at,
  };
}
const dispatched = {
  state: 'running' as const,
  attempts: [
    {
      number: 1,
      executor: 'codegen',
      dispatchKey: 'k',
      sessionId: null,
      status: 'running' as const,
      startedAt: at,
    },
  ],
};

/** Waits (in real time, bounded) for the reporter's background request to land. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe('the Linear agent session', () => {
  const t = useLinearStandIn();

  function reporterFor(gateway: AgentSessionGateway, clock: ManualClock, sessionId?: string) {
    const remembered: string[] = [];
    const reporter = new AgentSessionReporter({
      gateway,
      issueId: t.issue.id,
      sessionId,
      remember: async (id) => {
        remembered.push(id);
      },
      runUrl: RUN,
      clock,
      logger: new MemoryLogger(),
    });
    return { reporter, remembered };
  }

  it('a personal key is no agent (no request spent); a user OAuth token is not either', async () => {
    t.standIn.world.installApp();
    expect(await t.gateway.agentSessions()).toBeUndefined();
    expect(t.standIn.stats.requests).toBe(0);
    t.standIn.world.appInstalled = false;
    expect(await t.newGateway({ credential: TEST_ACCESS_TOKEN }).agentSessions()).toBeUndefined();
    expect(t.standIn.requests.map((r) => r.rootFields)).toEqual([['viewer']]);
  });

  it('an app token streams a job: one session, activities in order, the plan in step, run and PR linked, a response last', async () => {
    t.standIn.world.installApp();
    const clock = new ManualClock();
    const gateway = await t.newGateway({ credential: TEST_ACCESS_TOKEN }).agentSessions();
    if (!gateway) throw new Error('an installed app token must give the Agents API');
    const { reporter, remembered } = reporterFor(gateway, clock);
    const sessions = t.standIn.world.agentSessions;

    // Three record changes inside the coalescing window go out together.
    await reporter.observe(record({}));
    await reporter.observe(record({ api: dispatched }));
    await reporter.observe(record({ api: { ...dispatched, pullRequest: PR } }));
    const before = t.standIn.stats.requests;
    await clock.advance(1_000);
    await until(() => sessions.onIssue(t.issue.id)[0]?.activities.length === 4, 'the first batch');
    const session = sessions.onIssue(t.issue.id)[0];
    if (!session) throw new Error('no session');
    expect(remembered).toEqual([session.id]);
    // One request opens the session (with the run's link), one carries the four activities, plan and PR link.
    expect(t.standIn.stats.requests - before).toBe(2);
    expect(t.standIn.requests.at(-1)?.rootFields).toEqual([
      'agentActivityCreate',
      'agentActivityCreate',
      'agentActivityCreate',
      'agentActivityCreate',
      'agentSessionUpdate',
    ]);
    expect(session.externalUrls.map((u) => u.url)).toEqual([RUN, PR.url]);
    expect(session.plan).toEqual({
      steps: [
        { content: 'Task api', status: 'inProgress' },
        { content: 'Task docs', status: 'pending' },
      ],
    });

    // Half an hour of waiting: a keep-alive thought goes out before Linear would call it stale.
    t.clock.advance(20 * 60_000); // Linear's clock moves with the job's
    await clock.advance(20 * 60_000);
    await until(() => session.activities.length === 5, 'the keep-alive');
    expect(session.activities[4]?.content).toEqual({
      type: 'thought',
      body: 'Still working: waiting on api.',
    });
    expect((session.activities[4]?.at ?? 0) - (session.activities[3]?.at ?? 0)).toBeLessThan(STALE_AFTER_MS);
    expect(sessions.get(session.id)?.status).toBe('active');

    await reporter.finish(
      record({ api: { state: 'succeeded', pullRequest: PR }, docs: { state: 'succeeded' } }, 'succeeded'),
    );
    expect(session.activities.map((a) => a.content.type)).toEqual([
      'thought',
      'action',
      'action',
      'action',
      'thought',
      'action',
      'action',
      'response',
    ]);
    expect(session.activities.map((a) => a.content.action).filter(Boolean)).toEqual([
      'Plan',
      'Dispatch',
      'Pull request',
      'Verdict',
      'Verdict',
    ]);
    expect(session.status).toBe('complete');
    expect(((session.plan?.steps ?? []) as { status: string }[]).map((s) => s.status)).toEqual([
      'completed',
      'completed',
    ]);
    expect(sessions.sessions.size).toBe(1);

    // A later job continues the same session from the id the ledger kept.
    const later = reporterFor(gateway, new ManualClock(), session.id);
    await later.reporter.finish(
      record({ api: { state: 'succeeded', pullRequest: PR }, docs: { state: 'succeeded' } }, 'succeeded'),
    );
    expect(sessions.sessions.size).toBe(1);
    expect(later.remembered).toEqual([]);
    expect(session.activities.at(-1)?.content.type).toBe('response');
  });

  it('tells who stopped the session from Linear', async () => {
    t.standIn.world.installApp();
    const clock = new ManualClock();
    const gateway = await t.newGateway({ credential: TEST_ACCESS_TOKEN }).agentSessions();
    if (!gateway) throw new Error('no Agents API');
    const { reporter } = reporterFor(gateway, clock);
    expect(await reporter.stopReason()).toBeUndefined();
    await reporter.observe(record({ api: dispatched }));
    await clock.advance(1_000);
    const sessions = t.standIn.world.agentSessions;
    await until(() => (sessions.onIssue(t.issue.id)[0]?.activities.length ?? 0) > 0, 'the first batch');
    const session = sessions.onIssue(t.issue.id)[0];
    if (!session) throw new Error('no session');
    await clock.advance(10_000);
    expect(await reporter.stopReason()).toBeUndefined();
    sessions.stop(session.id, t.standIn.world.addUser('Ada'));
    await clock.advance(10_000);
    expect(await reporter.stopReason()).toBe('stopped from Linear by Ada');
  });

  it('a job that fails on an error says so in the session', async () => {
    t.standIn.world.installApp();
    const gateway = await t.newGateway({ credential: TEST_ACCESS_TOKEN }).agentSessions();
    if (!gateway) throw new Error('no Agents API');
    const { reporter } = reporterFor(gateway, new ManualClock());
    await reporter.observe(record({}));
    await reporter.fail('the ledger is unreachable');
    const session = t.standIn.world.agentSessions.onIssue(t.issue.id)[0];
    expect(session?.activities.at(-1)?.content).toEqual({
      type: 'error',
      body: 'This job stopped on an error: the ledger is unreachable',
    });
    expect(session?.status).toBe('error');
  });
});

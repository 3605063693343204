import { describe, expect, it } from 'vitest';
import { isLinearError, TRACKING_MARKER } from '../../src/linear/index.js';
import { useLinearStandIn } from './helpers.js';

const body = (text: string) => `${TRACKING_MARKER}\n${text}`;

describe('Linear faults', () => {
  const t = useLinearStandIn();

  it('waits out RATELIMITED sent with HTTP 400, then succeeds', async () => {
    t.standIn.inject({ fault: { kind: 'ratelimited', resetInMs: 90_000 } });
    const context = await t.gateway.getIssueContext('ENG-1');
    expect(context.identifier).toBe('ENG-1');
    expect(t.standIn.requests.map((r) => r.status)).toEqual([400, 200]);
    // Waited until the reset the headers named (plus jitter), on the injected clock.
    expect(t.clock.sleeps).toHaveLength(1);
    expect(t.clock.sleeps[0]).toBeGreaterThanOrEqual(90_000);
    expect(t.logger.text()).toContain('rate limit');
  });

  it('recognises RATELIMITED by its code even with HTTP 200', async () => {
    t.standIn.inject({ fault: { kind: 'ratelimited', resetInMs: 10_000, status: 200 } });
    await t.gateway.viewer();
    expect(t.standIn.requests.map((r) => r.status)).toEqual([200, 200]);
    expect(t.clock.sleeps[0]).toBeGreaterThanOrEqual(10_000);
  });

  it('honours Retry-After on RATELIMITED', async () => {
    t.standIn.inject({ fault: { kind: 'ratelimited', resetInMs: 0, retryAfterSeconds: 30 } });
    await t.gateway.viewer();
    expect(t.clock.sleeps[0]).toBeGreaterThanOrEqual(30_000);
  });

  it('gives up with rate_limited when the reset is past the deadline', async () => {
    t.standIn.inject({ fault: { kind: 'ratelimited', resetInMs: 2 * 60 * 60_000 } });
    const gateway = t.newGateway({ maxRateLimitWaitMs: 5 * 60_000 });
    const error = await gateway.getIssueContext('ENG-1').catch((e: unknown) => e);
    expect(isLinearError(error) && error.kind).toBe('rate_limited');
    expect((error as Error).message).toContain('re-run');
    expect(t.standIn.stats.requests).toBe(1);
  });

  it('holds back when the headers say the budget is spent, instead of being refused', async () => {
    await t.standIn.close();
    const { startLinearStandIn } = await import('../standins/linear/index.js');
    t.standIn = await startLinearStandIn({ clock: t.clock, requestsPerHour: 2 });
    const team = t.standIn.world.addTeam('ENG');
    t.standIn.world.addIssue({ team, title: 'x' });
    const gateway = t.newGateway({ maxRateLimitWaitMs: 2 * 60 * 60_000 });
    await gateway.viewer();
    await gateway.viewer(); // remaining is now 0, reset in an hour
    await gateway.getIssueContext('ENG-1');
    expect(t.standIn.stats.rateLimited).toBe(0);
    expect(t.clock.sleeps).toHaveLength(1);
    expect(t.standIn.stats.requests).toBe(3);
  });

  it('uses partial data that came with HTTP 200, and says so', async () => {
    const parent = t.standIn.world.addIssue({ team: t.team, title: 'Epic' });
    t.issue.parentId = parent.id;
    t.standIn.inject({
      fault: { kind: 'partial', path: ['issue', 'parent'], message: 'parent unavailable' },
    });
    const context = await t.gateway.getIssueContext('ENG-1');
    expect(context.parent).toBeNull();
    expect(context.team.key).toBe('ENG');
    expect(t.logger.text()).toMatch(/in part \(parent unavailable\)/);
  });

  it('fails clearly when the errors leave nothing usable', async () => {
    t.standIn.inject({ fault: { kind: 'fieldError', field: 'issue', message: 'Something broke inside' } });
    const error = await t.gateway.getIssueContext('ENG-1').catch((e: unknown) => e);
    expect(isLinearError(error) && error.kind).toBe('invalid');
    expect((error as Error).message).toContain('Something broke inside');
  });

  it('applies the rest of a batch when Linear refuses one mutation in it', async () => {
    t.standIn.inject({
      fault: { kind: 'fieldError', field: 'issueUpdate', message: 'State transition not allowed' },
    });
    const result = await t.gateway.applyChanges({
      issueId: t.issue.id,
      comment: { body: body('planned') },
      state: { name: 'In Progress', role: 'started' },
      attachments: [{ url: 'https://github.com/acme/widgets/pull/1', title: 'PR 1' }],
    });
    expect(result).toMatchObject({
      commentCreated: true,
      attachments: [{ url: 'https://github.com/acme/widgets/pull/1' }],
    });
    expect(result.state).toMatchObject({ moved: false, reason: 'State transition not allowed' });
    expect(result.skipped).toContainEqual({ what: 'state', reason: 'State transition not allowed' });
    expect(t.standIn.world.commentsOn(t.issue.id)).toHaveLength(1);
    expect(t.logger.text()).toContain('Linear refused moving the issue to "In Progress"');
  });

  it('retries a read after a 5xx', async () => {
    t.standIn.inject({ fault: { kind: 'status', status: 502 }, times: 2 });
    const viewer = await t.gateway.viewer();
    expect(viewer.email).toBe('cyrus@acme.test');
    expect(t.standIn.requests.map((r) => r.status)).toEqual([502, 502, 200]);
  });

  it('times out a hung request and tries again', async () => {
    t.standIn.inject({ fault: { kind: 'hang' } });
    const gateway = t.newGateway({ timeoutMs: 1_000 });
    const context = await gateway.getIssueContext('ENG-1');
    expect(context.identifier).toBe('ENG-1');
    expect(t.standIn.requests.map((r) => r.status)).toEqual(['hang', 200]);
  });

  it('does not create a second comment when a create landed but its answer was lost', async () => {
    await t.gateway.getIssueContext(t.issue.id);
    t.standIn.inject({ fault: { kind: 'status', status: 502, afterExecute: true }, operation: 'mutation' });
    const result = await t.gateway.applyChanges({
      issueId: t.issue.id,
      comment: { body: body('planned') },
      subIssues: [{ key: 't1', title: 'Task 1', description: 'Do it' }],
    });
    expect(t.standIn.world.commentsOn(t.issue.id).map((c) => c.body)).toEqual([body('planned')]);
    expect(t.standIn.world.childrenOf(t.issue.id)).toHaveLength(1);
    expect(result).toMatchObject({ commentCreated: true, subIssues: [{ key: 't1', created: true }] });
    // context, the lost batch, re-read, the rest (the comment as an update).
    expect(t.standIn.stats.requests).toBe(4);
  });

  it('gives up on a Linear that keeps failing, saying what to do', async () => {
    t.standIn.inject({ fault: { kind: 'status', status: 503 }, times: 10 });
    const error = await t
      .newGateway({ retry: { maxAttempts: 3 } })
      .viewer()
      .catch((e: unknown) => e);
    expect(isLinearError(error) && error.kind).toBe('unavailable');
    expect((error as Error).message).toMatch(/re-run the job later/);
    expect(t.standIn.stats.requests).toBe(3);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isCloudFailure } from '../../src/domain/index.js';
import type { Clock } from '../../src/util/clock.js';
import { testClock } from '../helpers/fixed-time.js';
import { openPullRequestOnFinish } from '../standins/codegen/github-app.js';
import {
  type CodegenStandIn,
  type CodegenStandInOptions,
  lifecycle,
  neverEnding,
  startCodegenStandIn,
} from '../standins/codegen/index.js';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';
import { type Cloud, makeCloud, makeContext, OWNER, REPO } from './helpers.js';

let clock: Clock;
let gh: GitHubStandIn;
let standIn: CodegenStandIn;
let cloud: Cloud;

async function start(
  options: Partial<CodegenStandInOptions> = {},
  client: Parameters<typeof makeCloud>[3] = {},
) {
  standIn = await startCodegenStandIn({
    clock,
    script: () =>
      lifecycle({
        durationMs: 90_000,
        onFinish: openPullRequestOnFinish(gh.state, { owner: OWNER, repo: REPO }),
      }),
    ...options,
  });
  cloud = makeCloud(standIn.url, gh, clock, client);
}

beforeEach(async () => {
  clock = testClock(1_000);
  gh = await startGitHubStandIn();
  gh.state.addRepo({ owner: OWNER, repo: REPO });
});
afterEach(async () => {
  cloud?.monitor.close();
  await standIn?.close();
  await gh.close();
});

describe('Codegen faults, one at a time', () => {
  it('5xx on create: retried with backoff, one run', async () => {
    await start();
    standIn.inject({ kind: '5xx', route: 'create', times: 2, status: 502 });
    const result = await cloud.executor().execute('x', makeContext(clock));
    expect(result.success).toBe(true);
    expect(standIn.faults.served['5xx']).toBe(2);
    expect(standIn.state.runs.size).toBe(1);
  });

  it('connection reset after the run was created: found by its ledger key, never created twice', async () => {
    await start();
    standIn.inject({ kind: 'reset', route: 'create', afterEffect: true });
    const result = await cloud.executor().execute('x', makeContext(clock));
    expect(result.success).toBe(true);
    expect(standIn.stats.byRoute.create).toBe(1);
    expect(standIn.state.runs.size).toBe(1);
    expect(cloud.logger.text()).toMatch(/already exists for ledgerKey=ENG-123\/t1\/1/);
  });

  it('a hanging poll times out and polling carries on', async () => {
    await start({}, { client: { timeoutMs: 300 } });
    standIn.inject({ kind: 'hang', route: 'listRuns' });
    const result = await cloud.executor().execute('x', makeContext(clock));
    expect(result.success).toBe(true);
    expect(standIn.faults.served.hang).toBe(1);
    expect(cloud.logger.text()).toMatch(/no answer within 300 ms/);
  });

  it('malformed JSON is retried like a transient failure', async () => {
    await start();
    standIn.inject({ kind: 'malformed', route: 'listRuns', times: 2 });
    const result = await cloud.executor().execute('x', makeContext(clock));
    expect(result.success).toBe(true);
    expect(standIn.faults.served.malformed).toBe(2);
    expect(cloud.logger.text()).toMatch(/the answer is not JSON/);
  });

  it('402: quota used up, not retried, a cloud failure that says what to do', async () => {
    await start();
    standIn.inject({ kind: '402' });
    const result = await cloud.executor().execute('x', makeContext(clock));
    expect(result).toMatchObject({ status: 'failed', success: false, sessionId: null, pullRequest: null });
    expect(result.failure?.kind).toBe('quota_exhausted');
    expect(isCloudFailure('quota_exhausted')).toBe(true);
    expect(result.failure?.message).toMatch(/quota is used up.*Upgrade the Codegen plan/);
    expect(result.cost).toEqual({ usd: 0, estimated: true, basis: 'estimate: no Codegen run was started' });
    expect(standIn.stats.byRoute.create).toBe(1);
  });

  it('404 on create: no repositories in the org, not retried', async () => {
    await start();
    standIn.inject({ kind: '404-create' });
    const result = await cloud.executor().execute('x', makeContext(clock));
    expect(result.failure?.kind).toBe('no_repositories');
    expect(result.failure?.message).toMatch(/no repositories.*Connect this repository/);
    expect(standIn.stats.byRoute.create).toBe(1);
  });

  it('a wrong token: auth failure naming the secret, not retried', async () => {
    await start({ token: 'another' });
    const result = await cloud.executor().execute('x', makeContext(clock));
    expect(result.failure?.kind).toBe('auth');
    expect(result.failure?.message).toMatch(/codegen-api-token/);
    expect(standIn.stats.total).toBe(1);
  });

  it('repeated 5xx: the circuit opens, the cloud is reported unavailable, the next task does not call at all', async () => {
    await start(
      {},
      {
        client: {
          breaker: { failureThreshold: 3, cooldownMs: 10 * 60_000 },
          retry: { maxAttempts: 5, baseMs: 100, maxMs: 1_000 },
        },
      },
    );
    standIn.inject({ kind: '5xx', times: Number.POSITIVE_INFINITY });
    const first = await cloud.executor().execute('x', makeContext(clock));
    expect(first.failure?.kind).toBe('cloud_unavailable');
    expect(first.failure?.message).toMatch(/Codegen is unavailable: 3 requests in a row failed/);
    expect(cloud.client.isAvailable()).toBe(false);
    const before = standIn.stats.total;
    const second = await cloud.executor().execute('x', makeContext(clock, { ledgerKey: 'ENG-123/t1/2' }));
    expect(second.failure?.kind).toBe('cloud_unavailable');
    expect(standIn.stats.total).toBe(before);
  });

  it('a run in flight when the cloud goes down fails as cloud_unavailable once the circuit opens', async () => {
    await start(
      { script: () => neverEnding() },
      {
        client: {
          breaker: { failureThreshold: 3, cooldownMs: 10 * 60_000 },
          retry: { maxAttempts: 2, baseMs: 100, maxMs: 1_000 },
        },
      },
    );
    const executor = cloud.executor();
    const pending = executor.executeStreaming('x', makeContext(clock), (e) => {
      if (e.type === 'started') standIn.inject({ kind: '5xx', times: Number.POSITIVE_INFINITY });
    });
    const result = await pending;
    expect(result.failure?.kind).toBe('cloud_unavailable');
    expect(result.sessionId).not.toBeNull(); // the run id stays on record for a later reconcile
  });

  it('a 429 from Codegen (limits looser on our side than the server) is waited out per Retry-After', async () => {
    // At 1000× the server's minute is 60 real ms: on a loaded machine 12 creates can take longer
    // than that and never meet the limit. At 100× they arrive well within one window.
    clock = testClock(100);
    await start(
      {},
      {
        client: {
          limits: {
            create: { limit: 100, windowMs: 60_000 },
            read: { limit: 60, windowMs: 30_000 },
            logs: { limit: 60, windowMs: 60_000 },
          },
        },
      },
    );
    const contexts = Array.from({ length: 12 }, (_, i) =>
      makeContext(clock, { ledgerKey: `ENG-123/t${i}/1`, branch: `cyrus/eng-123-t${i}` }),
    );
    const results = await Promise.all(contexts.map((c) => cloud.executor().execute('x', c)));
    expect(results.every((r) => r.success)).toBe(true);
    expect(standIn.stats.rateLimited.create).toBeGreaterThan(0);
    expect(standIn.state.runs.size).toBe(12);
  });

  it("the job's deadline passes while a run is still ACTIVE: timed out, with the reason", async () => {
    await start({ script: () => neverEnding() });
    const context = makeContext(clock, { deadline: Math.round(clock.now() + 3 * 60_000) });
    const result = await cloud.executor().execute('x', context);
    expect(result).toMatchObject({ status: 'timed_out', success: false });
    expect(result.failure?.kind).toBe('deadline');
    expect(result.failure?.message).toMatch(
      /deadline passed while Codegen run \d+ was still ACTIVE; it may still finish in the cloud/,
    );
    expect(result.cost.estimated).toBe(true);
    expect(isCloudFailure('deadline')).toBe(false);
  });
});

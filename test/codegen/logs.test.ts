import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRunLogs } from '../../src/codegen/index.js';
import type { Clock } from '../../src/util/clock.js';
import { testClock } from '../helpers/fixed-time.js';
import { openPullRequestOnFinish } from '../standins/codegen/github-app.js';
import {
  type CodegenStandIn,
  lifecycle,
  type StandInLog,
  startCodegenStandIn,
  type WindowLimit,
} from '../standins/codegen/index.js';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';
import { type Cloud, makeClient, makeCloud, makeContext, OWNER, REPO } from './helpers.js';

let clock: Clock;
let gh: GitHubStandIn;
let standIn: CodegenStandIn;
let cloud: Cloud | undefined;

/** `n` logged steps, every other one a tool call (`ripgrep_search`, then `edit_file` from the 10th on). */
function steps(n: number): StandInLog[] {
  return Array.from({ length: n }, (_, i) =>
    i % 2 === 0
      ? { message_type: 'ACTION', thought: `step ${i}`, tool_name: i < 10 ? 'ripgrep_search' : 'edit_file' }
      : { message_type: 'PLAN_EVALUATION', thought: `thinking ${i}` },
  );
}

async function start(logs: StandInLog[], limits?: { logs: WindowLimit }): Promise<void> {
  standIn = await startCodegenStandIn({
    clock,
    ...(limits ? { limits } : {}),
    script: () => ({
      ...lifecycle({
        durationMs: 60_000,
        onFinish: openPullRequestOnFinish(gh.state, { owner: OWNER, repo: REPO }),
      }),
      logs,
    }),
  });
}

/** A run made in the stand-in directly (the logs endpoint serves a run in any state). */
function aRun(): number {
  const run = standIn.state.createRun({ prompt: 'p', metadata: null, sourceType: 'API', repoId: undefined });
  return run.id;
}

/** Time enough on the simulated clock: the test clock runs 1000× faster than the wall. */
const ROOMY = { timeoutMs: 60 * 60_000 };

const logRequests = () => standIn.requests.filter((r) => r.route === 'logs');

beforeEach(async () => {
  clock = testClock(1_000);
  gh = await startGitHubStandIn();
  gh.state.addRepo({ owner: OWNER, repo: REPO });
});
afterEach(async () => {
  cloud?.monitor.close();
  cloud = undefined;
  await standIn?.close();
  await gh.close();
});

describe('readRunLogs: the alpha logs endpoint, paged and bounded', () => {
  it('reads every page in order (skip/limit 100), each a request of the logs budget, none of the reads', async () => {
    await start(steps(250));
    const id = aRun();
    const read = await readRunLogs(makeClient(standIn.url, clock), id, { clock, limits: ROOMY });
    expect(read.logs).toHaveLength(250);
    expect(read.total).toBe(250);
    expect(read.truncated).toBeUndefined();
    expect(read.logs.map((l) => l.thought)).toEqual(steps(250).map((s) => s.thought));
    expect(read.run.webUrl).toBe(`https://codegen.com/agent/trace/${id}`);
    expect(logRequests().map((r) => new URL(`http://x${r.path}`).search)).toEqual([
      '?skip=0&limit=100',
      '?skip=100&limit=100',
      '?skip=200&limit=100',
    ]);
    expect(standIn.stats.byKind).toMatchObject({ logs: 3, read: 0 });
  });

  it('stops at its page cap and its entry cap, and says where it stopped', async () => {
    await start(steps(450));
    const client = makeClient(standIn.url, clock);
    const byPages = await readRunLogs(client, aRun(), { clock, limits: { ...ROOMY, maxPages: 2 } });
    expect(byPages.logs).toHaveLength(200);
    expect(byPages.truncated).toBe('stopped after 2 page(s) of logs');
    const byEntries = await readRunLogs(client, aRun(), { clock, limits: { ...ROOMY, maxEntries: 150 } });
    expect(byEntries.logs).toHaveLength(150);
    expect(byEntries.total).toBe(450);
    expect(byEntries.truncated).toBe('kept the first 150 of 450 log entries');
    // The second page asked only for what the cap still allowed.
    expect(logRequests().at(-1)?.path).toContain('skip=100&limit=50');
  });

  it('keeps within the endpoint’s 60 per 60 s: 65 pages take two windows and the server answers no 429', async () => {
    await start(steps(6_500));
    const read = await readRunLogs(makeClient(standIn.url, clock), aRun(), {
      clock,
      limits: { ...ROOMY, maxPages: 100, maxEntries: 10_000 },
    });
    expect(read.logs).toHaveLength(6_500);
    expect(standIn.stats.rateLimited.logs).toBe(0);
    const times = logRequests().map((r) => r.at);
    expect(times).toHaveLength(65);
    // The 61st request waited for the first one's window to pass.
    expect((times[60] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(60_000);
  });

  it('a 429 from the endpoint (a tighter server limit) pauses and retries after Retry-After', async () => {
    await start(steps(300), { logs: { limit: 2, windowMs: 60_000 } });
    const read = await readRunLogs(makeClient(standIn.url, clock), aRun(), { clock, limits: ROOMY });
    expect(read.logs).toHaveLength(300);
    expect(standIn.stats.rateLimited.logs).toBe(1);
    const requests = logRequests();
    const limited = requests.findIndex((r) => r.status === 429);
    expect(limited).toBe(2);
    // The retry waited out the server's window (Retry-After), from the first page's arrival.
    expect((requests[3]?.at ?? 0) - (requests[0]?.at ?? 0)).toBeGreaterThanOrEqual(60_000);
    expect(requests.slice(3).map((r) => r.status)).toEqual([200]);
  });

  it('the deadline cuts a slow read off, keeping the pages it has', async () => {
    // One request per simulated hour: the second page is past a 30-minute deadline.
    const hourly = { limit: 1, windowMs: 60 * 60_000 };
    await start(steps(300), { logs: hourly });
    const client = makeClient(standIn.url, clock, {
      limits: {
        create: { limit: 10, windowMs: 60_000 },
        read: { limit: 60, windowMs: 30_000 },
        logs: hourly,
      },
    });
    const read = await readRunLogs(client, aRun(), { clock, limits: { timeoutMs: 30 * 60_000 } });
    expect(read.logs).toHaveLength(100);
    expect(read.truncated).toMatch(/^logs cut off after 100 entries: .*took over 1800000 ms/);
    expect(logRequests()).toHaveLength(1);
  });

  it('failing logs reads never open the circuit that sends tasks away from Codegen', async () => {
    await start(steps(10));
    standIn.inject({ route: 'logs', kind: '5xx', status: 503, times: Number.POSITIVE_INFINITY });
    const client = makeClient(standIn.url, clock, { retry: { maxAttempts: 4, baseMs: 10, maxMs: 20 } });
    for (let i = 0; i < 3; i += 1)
      await expect(readRunLogs(client, aRun(), { clock, limits: ROOMY })).rejects.toThrow(/Codegen/);
    // The logs endpoint's own breaker stopped asking after five failures in a row; the one that
    // decides whether tasks go to Codegen counted none of them.
    expect(logRequests().filter((r) => r.status === 503)).toHaveLength(5);
    expect(client.breaker.state).toBe('closed');
    expect(client.isAvailable()).toBe(true);
  });

  it('a run that does not exist is an error naming it', async () => {
    await start([]);
    await expect(readRunLogs(makeClient(standIn.url, clock), 999, { clock, limits: ROOMY })).rejects.toThrow(
      /agent run 999 \(not found\)/,
    );
  });
});

describe('CodegenExecutor with enableTracing', () => {
  // 20× (not 1000×): the trace read's own 60 s are 3 s of wall time, ample for loopback on a
  // loaded machine.
  beforeEach(() => {
    clock = testClock(20);
  });

  /** One task through the executor, with or without `tracing`. */
  function runTask(tracing: boolean, client: Parameters<typeof makeCloud>[3] = {}) {
    cloud = makeCloud(standIn.url, gh, clock, client);
    const context = makeContext(clock);
    const settings = { pricing: { perRunUsd: 0.5, perMinuteUsd: 0.02 }, ...(tracing ? { tracing } : {}) };
    return cloud.executor({ settings }).execute(context.task.prompt, context);
  }

  it('reads the run’s logs once, after the run ended, and puts the summary on the result', async () => {
    await start(steps(14));
    const result = await runTask(true);
    expect(result.status).toBe('succeeded');
    expect(result.trace).toEqual({
      source: 'codegen-logs',
      tools: { ripgrep_search: 5, edit_file: 2 },
      toolCalls: 7,
      turns: 14,
      durationMs: result.durationMs,
      url: result.webUrl,
    });
    // Once, and not while polling: the only logs request came after the last read of the run.
    const logs = standIn.requests.flatMap((r, i) => (r.route === 'logs' ? [i] : []));
    const lastRead = standIn.requests.findLastIndex((r) => r.kind === 'read');
    expect(logs).toHaveLength(1);
    expect(logs[0]).toBeGreaterThan(lastRead);
  });

  it('without tracing reads no logs and keeps no trace', async () => {
    await start(steps(4));
    const result = await runTask(false);
    expect(result.status).toBe('succeeded');
    expect(result.trace).toBeUndefined();
    expect(logRequests()).toHaveLength(0);
  });

  it('a failed logs read costs the attempt nothing but a warning', async () => {
    await start(steps(4));
    standIn.inject({ route: 'logs', kind: '5xx', status: 500, times: 10 });
    const result = await runTask(true, { client: { retry: { maxAttempts: 2, baseMs: 10, maxMs: 20 } } });
    expect(result.status).toBe('succeeded');
    expect(result.trace).toBeUndefined();
    expect(cloud?.logger.text()).toMatch(/warning: Codegen run \d+: no trace \(reading its logs failed/);
  });
});

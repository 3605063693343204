import { afterEach, describe, expect, it } from 'vitest';
import {
  type AgentRun,
  CodegenClient,
  CodegenRunMonitor,
  type RunSnapshot,
} from '../../src/codegen/index.js';
import { testClock } from '../helpers/fixed-time.js';
import { type CodegenStandIn, lifecycle, startCodegenStandIn } from '../standins/codegen/index.js';
import { InstantClock, makeClient } from './helpers.js';

/** Resolves with the first terminal reading of a run. */
function untilTerminal(monitor: CodegenRunMonitor, run: AgentRun): Promise<RunSnapshot> {
  return new Promise((resolve) => {
    const stop = monitor.watch(
      run.id,
      {
        onUpdate: (s) => {
          if (s.status.phase !== 'terminal') return;
          stop();
          resolve(s);
        },
      },
      { run, observedAt: 0 },
    );
  });
}

/**
 * Reads allowed by a budget of 2 per sliding minute between the first request and the last read:
 * 2 per whole minute of the span, plus the 2 a partial minute can hold.
 */
function readAllowance(requests: { at: number; kind: string }[]): { reads: number; allowed: number } {
  const reads = requests.filter((r) => r.kind === 'read').map((r) => r.at);
  const start = Math.min(...requests.map((r) => r.at));
  const spanMinutes = (Math.max(...reads) - start) / 60_000;
  return { reads: reads.length, allowed: 2 * Math.floor(spanMinutes) + 2 };
}

describe('CodegenRunMonitor against the stand-in', () => {
  let standIn: CodegenStandIn | undefined;
  afterEach(async () => {
    await standIn?.close();
    standIn = undefined;
  });

  it('follows 12 runs with one list request per poll and stays within 2 reads per minute', async () => {
    const clock = testClock(1_000);
    standIn = await startCodegenStandIn({
      clock,
      script: ({ id }) => lifecycle({ durationMs: 60_000 + (id % 4) * 45_000 }),
    });
    const client = makeClient(standIn.url, clock);
    const monitor = new CodegenRunMonitor(client);
    const runs: AgentRun[] = [];
    for (let i = 0; i < 12; i += 1) runs.push(await client.createRun({ prompt: `task ${i}` }));
    const finals = await Promise.all(runs.map((run) => untilTerminal(monitor, run)));
    monitor.close();

    expect(finals.map((f) => f.status.raw)).toEqual(Array(12).fill('COMPLETE'));
    expect(standIn.stats.byRoute.getRun).toBe(0);
    expect(standIn.stats.byRoute.listRuns).toBe(monitor.stats.listRequests);
    const { reads, allowed } = readAllowance(standIn.requests);
    expect(reads).toBeLessThanOrEqual(allowed);
    expect(Object.values(standIn.stats.rateLimited)).toEqual([0, 0, 0]);
  });

  it('reads a run on its own when newer runs pushed it off the list', async () => {
    const clock = testClock(1_000);
    standIn = await startCodegenStandIn({ clock, script: () => lifecycle({ durationMs: 90_000 }) });
    const client = makeClient(standIn.url, clock);
    const monitor = new CodegenRunMonitor(client, { pageSize: 5, maxPagesPerPoll: 1 });
    const run = await client.createRun({ prompt: 'old one' });
    standIn.state.addForeignRuns(10);
    const final = await untilTerminal(monitor, run);
    monitor.close();
    expect(final.status.raw).toBe('COMPLETE');
    expect(standIn.stats.byRoute.getRun).toBeGreaterThan(0);
    // Once known to be off the list, the list is skipped: a single run is cheaper to read by id.
    expect(standIn.stats.byRoute.listRuns).toBe(1);
  });

  it('pages on when a watched run is on a later page', async () => {
    const clock = testClock(1_000);
    standIn = await startCodegenStandIn({ clock, script: () => lifecycle({ durationMs: 40_000 }) });
    const client = makeClient(standIn.url, clock);
    const monitor = new CodegenRunMonitor(client, { pageSize: 5, maxPagesPerPoll: 3 });
    const run = await client.createRun({ prompt: 'old one' });
    standIn.state.addForeignRuns(7);
    await untilTerminal(monitor, run);
    monitor.close();
    expect(standIn.stats.byRoute.getRun).toBe(0);
    const pages = standIn.requests
      .filter((r) => r.route === 'listRuns')
      .map((r) => new URL(r.path, 'http://x').searchParams.get('skip'));
    expect(pages).toContain('5');
  });
});

describe('CodegenRunMonitor schedule', () => {
  /** A client whose fetch answers from a function of the clock: no network, exact times. */
  function fakeClient(clock: InstantClock, statusAt: (t: number) => string, calls: number[]) {
    const start = clock.now();
    return new CodegenClient({
      token: 't',
      orgId: 1,
      clock,
      fetch: async () => {
        calls.push(clock.now() - start);
        const item = { id: 1, organization_id: 1, status: statusAt(clock.now() - start) };
        return new Response(JSON.stringify({ items: [item], total: 1, page: 1, size: 100, pages: 1 }));
      },
    });
  }

  it('polls quickly at first, then at the cap, never above the budget', async () => {
    const clock = new InstantClock();
    const calls: number[] = [];
    const client = fakeClient(clock, (t) => (t >= 200_000 ? 'COMPLETE' : 'ACTIVE'), calls);
    const monitor = new CodegenRunMonitor(client, {
      schedule: { initialMs: 5_000, factor: 2, maxMs: 40_000 },
      readBudget: { limit: 6, windowMs: 60_000 },
    });
    await untilTerminal(monitor, { id: 1, organization_id: 1, status: 'PENDING' });
    // 5 s after the run, then gaps of 10 (budget floor), 20, 40, 40 ...
    expect(calls).toEqual([5_000, 15_000, 35_000, 75_000, 115_000, 155_000, 195_000, 235_000]);
  });

  it('with the default budget keeps an even 30 s cadence after a quick first poll', async () => {
    const clock = new InstantClock();
    const calls: number[] = [];
    const client = fakeClient(clock, (t) => (t >= 150_000 ? 'COMPLETE' : 'ACTIVE'), calls);
    const monitor = new CodegenRunMonitor(client);
    await untilTerminal(monitor, { id: 1, organization_id: 1, status: 'PENDING' });
    expect(calls).toEqual([10_000, 40_000, 70_000, 100_000, 130_000, 160_000]);
  });

  it('times each poll from the previous answer, so late timers and slow answers never unbalance the gaps', async () => {
    // Every timer fires 1 s late, and one (the fourth) 5 s late, as on a busy event loop; every
    // list request takes 2 s to answer.
    const clock = new InstantClock();
    let sleeps = 0;
    const late: typeof clock.sleep = async (ms, signal) => {
      sleeps += 1;
      await InstantClock.prototype.sleep.call(clock, ms + (sleeps === 4 ? 5_000 : 1_000), signal);
    };
    clock.sleep = late;
    const sent: number[] = [];
    const start = clock.now();
    const client = new CodegenClient({
      token: 't',
      orgId: 1,
      clock,
      fetch: async () => {
        sent.push(clock.now() - start);
        clock.advance(2_000);
        const status = clock.now() - start >= 20 * 60_000 ? 'COMPLETE' : 'ACTIVE';
        const item = { id: 1, organization_id: 1, status };
        return new Response(JSON.stringify({ items: [item], total: 1, page: 1, size: 100, pages: 1 }));
      },
    });
    const monitor = new CodegenRunMonitor(client);
    await untilTerminal(monitor, { id: 1, organization_id: 1, status: 'PENDING' });
    const gaps = sent.slice(1).map((t, i) => t - (sent[i] ?? 0));
    // 30 s from the answer: a late poll delays the next one by its own lateness only.
    expect(gaps.filter((g) => g !== 33_000)).toEqual([37_000]);
    expect(Math.max(...sent.map((t) => sent.filter((u) => u >= t && u < t + 60_000).length))).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { type AttemptResult, type RetryOptions, retryAttempts } from '../../src/util/retry.js';
import { TEST_EPOCH } from '../helpers/fixed-time.js';
import { InstantClock } from '../helpers/instant-clock.js';

interface Fault {
  retryable: boolean;
  retryAfterMs?: number;
  free?: boolean;
}

/** An attempt function that fails with `faults` in turn, then answers 'done'. */
function scripted(faults: Fault[]) {
  const seen: Array<{ attempt: number; previous?: Fault }> = [];
  const run = async (context: {
    attempt: number;
    previous?: Fault;
  }): Promise<AttemptResult<string, Fault>> => {
    seen.push(context);
    const fault = faults[context.attempt];
    return fault ? { ok: false, failure: fault } : { ok: true, value: 'done' };
  };
  return { run, seen };
}

function options(clock: InstantClock, extra: Partial<RetryOptions<Fault>> = {}): RetryOptions<Fault> {
  return {
    policy: { maxAttempts: 4, baseMs: 1_000, maxMs: 8_000 },
    clock,
    random: () => 0.5,
    shouldRetry: (f) => f.retryable,
    retryAfterMs: (f) => f.retryAfterMs,
    countsAsAttempt: (f) => !f.free,
    ...extra,
  };
}

const transient: Fault = { retryable: true };

describe('retryAttempts', () => {
  it('retries with exponential backoff and jitter from the injected random, then returns the value', async () => {
    const clock = new InstantClock(TEST_EPOCH);
    const { run, seen } = scripted([transient, transient, transient]);
    const result = await retryAttempts(run, options(clock));
    expect(result).toEqual({ ok: true, value: 'done' });
    // Half of 1 s, 2 s, 4 s: the ceiling doubles each time and the draw is 0.5.
    expect(clock.sleeps).toEqual([500, 1_000, 2_000]);
    expect(seen.map((s) => s.attempt)).toEqual([0, 1, 2, 3]);
    expect(seen[1]?.previous).toBe(transient);
  });

  it('caps the backoff at maxMs', async () => {
    const clock = new InstantClock(TEST_EPOCH);
    const { run } = scripted(Array(6).fill(transient));
    await retryAttempts(
      run,
      options(clock, { policy: { maxAttempts: 10, baseMs: 1_000, maxMs: 3_000 }, random: () => 1 }),
    );
    expect(clock.sleeps).toEqual([1_000, 2_000, 3_000, 3_000, 3_000, 3_000]);
  });

  it('stops after maxAttempts with reason attempts and the last failure', async () => {
    const clock = new InstantClock(TEST_EPOCH);
    const last: Fault = { retryable: true, retryAfterMs: 1 };
    const { run } = scripted([transient, transient, transient, last, transient]);
    const result = await retryAttempts(run, options(clock));
    expect(result).toEqual({ ok: false, failure: last, reason: 'attempts', attempts: 4 });
    expect(clock.sleeps).toHaveLength(3);
  });

  it('stops at once, without waiting, on a failure shouldRetry refuses', async () => {
    const clock = new InstantClock(TEST_EPOCH);
    const fatal: Fault = { retryable: false };
    const { run } = scripted([transient, fatal]);
    const result = await retryAttempts(run, options(clock));
    expect(result).toMatchObject({ ok: false, failure: fatal, reason: 'final', attempts: 2 });
    expect(clock.sleeps).toHaveLength(1);
  });

  it('waits at least the retry-after the service named', async () => {
    const clock = new InstantClock(TEST_EPOCH);
    const { run } = scripted([{ retryable: true, retryAfterMs: 30_000 }]);
    await retryAttempts(run, options(clock));
    expect(clock.sleeps).toEqual([30_000]);
  });

  it('with spreadAfterRetryAfter, waits the retry-after plus the jitter', async () => {
    const clock = new InstantClock(TEST_EPOCH);
    const { run } = scripted([{ retryable: true, retryAfterMs: 30_000 }, transient]);
    await retryAttempts(run, options(clock, { spreadAfterRetryAfter: true }));
    // 30 s and half of the first 1 s ceiling; then, without a retry-after, the backoff alone.
    expect(clock.sleeps).toEqual([30_500, 1_000]);
  });

  it('does not wait past the deadline: it ends with reason deadline and when the next try would be', async () => {
    const clock = new InstantClock(TEST_EPOCH);
    const { run } = scripted([{ retryable: true, retryAfterMs: 90_000 }]);
    const result = await retryAttempts(run, options(clock, { deadline: TEST_EPOCH + 60_000 }));
    expect(result).toMatchObject({ ok: false, reason: 'deadline', attempts: 1, nextAt: TEST_EPOCH + 90_000 });
    expect(clock.sleeps).toEqual([]);
  });

  it('lets free failures (a rate limit) be waited out without using up attempts', async () => {
    const clock = new InstantClock(TEST_EPOCH);
    const free: Fault = { retryable: true, free: true, retryAfterMs: 10 };
    const { run } = scripted([free, free, free, free, free, transient, transient]);
    const result = await retryAttempts(
      run,
      options(clock, { policy: { maxAttempts: 3, baseMs: 1, maxMs: 1 } }),
    );
    expect(result).toEqual({ ok: true, value: 'done' });
  });

  it('tells onRetry before each wait, and a cancelled wait rejects with the signal reason', async () => {
    const clock = new InstantClock(TEST_EPOCH);
    const told: number[] = [];
    const controller = new AbortController();
    const { run } = scripted([transient, transient]);
    const outcome = retryAttempts(
      run,
      options(clock, {
        signal: controller.signal,
        onRetry: (_f, delay, attempts) => {
          told.push(attempts);
          if (attempts === 2) controller.abort(new Error('stopped'));
          expect(delay).toBeGreaterThanOrEqual(0);
        },
      }),
    );
    await expect(outcome).rejects.toThrow('stopped');
    expect(told).toEqual([1, 2]);
  });
});

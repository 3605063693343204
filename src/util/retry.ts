import { type BackoffPolicy, backoffDelay } from './backoff.js';
import type { Clock } from './clock.js';

export interface RetryPolicy extends BackoffPolicy {
  /** Attempts in all, the first included (only failures that count as an attempt use them up). */
  maxAttempts: number;
}

/** One attempt's result: a value, or a failure the caller describes in its own terms. */
export type AttemptResult<T, F> = { ok: true; value: T } | { ok: false; failure: F };

export interface RetryOptions<F> {
  policy: RetryPolicy;
  /** now() and sleep(): the wait is on this clock, so tests use a simulated one. */
  clock: Pick<Clock, 'now' | 'sleep'>;
  /** Draws the jitter; injectable so the waits are deterministic in tests. */
  random: () => number;
  /** Whether this failure may be tried again at all (a 5xx: yes; a 401: no). */
  shouldRetry: (failure: F) => boolean;
  /** How long the service asked to wait (`Retry-After`, a rate-limit reset); a floor on the wait. */
  retryAfterMs?: (failure: F) => number | undefined;
  /**
   * Wait the retry-after plus the jittered backoff, not the larger of the two: for a reset that
   * many clients of one key were told, so they do not all come back at the same instant.
   */
  spreadAfterRetryAfter?: boolean;
  /**
   * Whether the failure uses up one of `maxAttempts`. A refusal the service made before doing
   * anything (a rate limit) may be waited out without, bounded by the deadline instead.
   */
  countsAsAttempt?: (failure: F) => boolean;
  /** Clock instant no retry may wait past; the run ends with reason `deadline` instead. */
  deadline?: number;
  /** Told before every wait (for a log line, or to pause a shared limiter). */
  onRetry?: (failure: F, delayMs: number, attempt: number) => void;
  signal?: AbortSignal;
}

/** Why a retried run ended without a value. */
export type RetryStop = 'final' | 'attempts' | 'deadline';

export type RetryResult<T, F> =
  | { ok: true; value: T }
  | {
      ok: false;
      failure: F;
      reason: RetryStop;
      /** Attempts made, the first included. */
      attempts: number;
      /** With reason `deadline`: when the next attempt would have been. */
      nextAt?: number;
    };

/** What the attempt function is told: its number (0 first) and the failure before it, if any. */
export interface AttemptContext<F> {
  attempt: number;
  previous?: F;
}

/**
 * Runs `attempt` until it gives a value or the failure may not be retried, waiting between
 * attempts with exponential backoff and full jitter; a service's retry-after is the least it
 * waits (or, with `spreadAfterRetryAfter`, what it waits before the jitter). Ends without throwing: the caller turns the last failure into its own error, knowing why
 * the run stopped (`final`: not retryable; `attempts`: all used; `deadline`: the next wait would
 * pass it). An abort of `signal` during a wait rejects with the signal's reason.
 */
export async function retryAttempts<T, F>(
  attempt: (context: AttemptContext<F>) => Promise<AttemptResult<T, F>>,
  options: RetryOptions<F>,
): Promise<RetryResult<T, F>> {
  const { policy, clock } = options;
  const counts = options.countsAsAttempt ?? (() => true);
  let previous: F | undefined;
  let counted = 0;
  for (let n = 0; ; n += 1) {
    const result = await attempt({ attempt: n, previous });
    if (result.ok) return result;
    const { failure } = result;
    const attempts = n + 1;
    if (!options.shouldRetry(failure)) return { ok: false, failure, reason: 'final', attempts };
    if (counts(failure)) counted += 1;
    if (counted >= policy.maxAttempts) return { ok: false, failure, reason: 'attempts', attempts };
    const asked = options.retryAfterMs?.(failure);
    const jitter = backoffDelay(n, policy, options.random);
    const delay =
      asked !== undefined && options.spreadAfterRetryAfter ? asked + jitter : Math.max(asked ?? 0, jitter);
    const nextAt = clock.now() + delay;
    if (options.deadline !== undefined && nextAt > options.deadline) {
      return { ok: false, failure, reason: 'deadline', attempts, nextAt };
    }
    options.onRetry?.(failure, delay, attempts);
    await clock.sleep(delay, options.signal);
    previous = failure;
  }
}

export interface BackoffPolicy {
  /** First delay before jitter, in ms. */
  baseMs: number;
  /** Largest delay before jitter, in ms. */
  maxMs: number;
}

/**
 * Exponential backoff with full jitter (AWS architecture blog): a uniform draw in
 * [0, min(max, base·2^attempt)]. `random` is injectable so tests are deterministic.
 */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

/**
 * Parses a `Retry-After` header (delta-seconds or HTTP date) into milliseconds from `now`.
 * Returns undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

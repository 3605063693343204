import { parseRetryAfter } from '../util/backoff.js';

/**
 * Linear's rate-limit headers, as `@linear/sdk` itself reads them (RatelimitedLinearError):
 * requests and complexity budgets per key and hour, each with its limit, what remains and when it
 * refills. Linear documents the reset values as UTC epoch milliseconds; seconds are accepted too.
 */
const RATE_LIMIT_HEADERS = {
  requestsLimit: 'x-ratelimit-requests-limit',
  requestsRemaining: 'x-ratelimit-requests-remaining',
  requestsReset: 'x-ratelimit-requests-reset',
  complexityLimit: 'x-ratelimit-complexity-limit',
  complexityRemaining: 'x-ratelimit-complexity-remaining',
  complexityReset: 'x-ratelimit-complexity-reset',
  /** The cost of the request just answered. */
  complexity: 'x-complexity',
  retryAfter: 'retry-after',
} as const;

export interface RateLimitSnapshot {
  requestsLimit?: number;
  requestsRemaining?: number;
  /** Clock ms at which the request budget refills. */
  requestsResetAt?: number;
  complexityLimit?: number;
  complexityRemaining?: number;
  complexityResetAt?: number;
  /** Complexity points of the last request. */
  complexity?: number;
  /** Clock ms before which a retry is pointless (from `Retry-After`). */
  retryAt?: number;
}

interface HeaderSource {
  get(name: string): string | null;
}

function numberHeader(headers: HeaderSource, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

/** A reset header as clock ms: epoch ms, epoch seconds, or (small values) seconds from now. */
function resetToClockMs(value: number | undefined, now: number): number | undefined {
  if (value === undefined || value < 0) return undefined;
  if (value > 1e12) return value;
  if (value > 1e9) return value * 1000;
  return now + value * 1000;
}

export function readRateLimit(headers: HeaderSource | undefined, now: number): RateLimitSnapshot {
  if (!headers) return {};
  const h = RATE_LIMIT_HEADERS;
  const retryAfterMs = parseRetryAfter(headers.get(h.retryAfter), now);
  return {
    requestsLimit: numberHeader(headers, h.requestsLimit),
    requestsRemaining: numberHeader(headers, h.requestsRemaining),
    requestsResetAt: resetToClockMs(numberHeader(headers, h.requestsReset), now),
    complexityLimit: numberHeader(headers, h.complexityLimit),
    complexityRemaining: numberHeader(headers, h.complexityRemaining),
    complexityResetAt: resetToClockMs(numberHeader(headers, h.complexityReset), now),
    complexity: numberHeader(headers, h.complexity),
    retryAt: retryAfterMs === undefined ? undefined : now + retryAfterMs,
  };
}

/** Linear's budgets are per hour. */
const LINEAR_BUDGET_PERIOD_MS = 60 * 60_000;

/**
 * When a spent budget holds `needed` units again: the reset Linear names, or, when it names none,
 * an estimate from the hourly refill rate.
 */
function refilledAt(at: number, needed: number, limit: number | undefined, resetAt: number | undefined) {
  if (resetAt !== undefined) return resetAt;
  return limit && limit > 0 ? at + Math.ceil((needed * LINEAR_BUDGET_PERIOD_MS) / limit) : undefined;
}

/** When a request may be sent again after this answer, from its headers (undefined: unknown). */
export function nextAllowedAt(s: RateLimitSnapshot, at: number, complexityReserve = 0): number | undefined {
  const candidates: (number | undefined)[] = [s.retryAt];
  if (s.requestsRemaining !== undefined && s.requestsRemaining <= 0) {
    candidates.push(refilledAt(at, 1 - s.requestsRemaining, s.requestsLimit, s.requestsResetAt));
  }
  if (s.complexityRemaining !== undefined && s.complexityRemaining < complexityReserve) {
    candidates.push(
      refilledAt(at, complexityReserve - s.complexityRemaining, s.complexityLimit, s.complexityResetAt),
    );
  }
  const known = candidates.filter((c): c is number => c !== undefined);
  return known.length > 0 ? Math.max(...known) : undefined;
}

/**
 * The latest budget Linear reported for this key. Before a request the gateway asks it how long to
 * hold back: while a budget is spent (or too little complexity is left for a typical request),
 * until its reset; a request sent earlier would only be refused.
 */
export class RateLimitTracker {
  private last: RateLimitSnapshot = {};
  private at = 0;

  constructor(
    /** Complexity points kept in reserve: below this, wait for the refill rather than be refused. */
    private readonly complexityReserve = 1_000,
  ) {}

  get snapshot(): Readonly<RateLimitSnapshot> {
    return this.last;
  }

  record(snapshot: RateLimitSnapshot, now: number): void {
    // A response without headers (a proxy's 502) says nothing about the budget: keep what we knew.
    const defined = Object.entries(snapshot).filter(([, v]) => v !== undefined);
    if (defined.length === 0) return;
    this.last = { ...this.last, ...Object.fromEntries(defined) };
    this.at = now;
  }

  /** Clock ms to wait before the next request (0 when the budget allows it now). */
  waitMs(now: number): number {
    const until = nextAllowedAt(this.last, this.at, this.complexityReserve);
    return until === undefined ? 0 : Math.max(0, until - now);
  }

  /** After a wait, the numbers seen before it no longer hold; the next answer brings fresh ones. */
  clearAfterWait(): void {
    this.last = {
      ...this.last,
      retryAt: undefined,
      requestsRemaining: undefined,
      complexityRemaining: undefined,
    };
  }
}

import { describe, expect, it } from 'vitest';
import { RateLimitTracker, readRateLimit } from '../../src/linear/index.js';

const headers = (values: Record<string, string>) => new Headers(values);
const NOW = Date.UTC(2026, 0, 15, 12);

describe('Linear rate-limit headers', () => {
  it('reads the request and complexity budgets, resets in epoch ms or s', () => {
    const snapshot = readRateLimit(
      headers({
        'X-RateLimit-Requests-Limit': '1500',
        'X-RateLimit-Requests-Remaining': '12',
        'X-RateLimit-Requests-Reset': String(NOW + 60_000),
        'X-RateLimit-Complexity-Limit': '250000',
        'X-RateLimit-Complexity-Remaining': '240000',
        'X-RateLimit-Complexity-Reset': String(Math.floor((NOW + 120_000) / 1000)),
        'X-Complexity': '42',
      }),
      NOW,
    );
    expect(snapshot).toMatchObject({
      requestsLimit: 1500,
      requestsRemaining: 12,
      requestsResetAt: NOW + 60_000,
      complexityRemaining: 240000,
      complexityResetAt: NOW + 120_000,
      complexity: 42,
    });
  });

  it('holds back only while a budget is spent, until its reset', () => {
    const tracker = new RateLimitTracker();
    tracker.record(readRateLimit(headers({ 'X-RateLimit-Requests-Remaining': '3' }), NOW), NOW);
    expect(tracker.waitMs(NOW)).toBe(0);
    tracker.record(
      readRateLimit(
        headers({
          'X-RateLimit-Requests-Remaining': '0',
          'X-RateLimit-Requests-Reset': String(NOW + 30_000),
        }),
        NOW,
      ),
      NOW,
    );
    expect(tracker.waitMs(NOW)).toBe(30_000);
    tracker.clearAfterWait();
    expect(tracker.waitMs(NOW + 30_000)).toBe(0);
  });

  it('keeps what it knew when an answer carries no headers (a proxy error)', () => {
    const tracker = new RateLimitTracker();
    tracker.record(readRateLimit(headers({ 'X-RateLimit-Requests-Remaining': '7' }), NOW), NOW);
    tracker.record(readRateLimit(headers({}), NOW), NOW);
    expect(tracker.snapshot.requestsRemaining).toBe(7);
  });
});

import { describe, expect, it } from 'vitest';
import { peakInWindow, percentile } from '../../bench/stats.js';

describe('benchmark statistics', () => {
  it('percentile is nearest-rank', () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1); // 1..20
    expect(percentile(values, 95)).toBe(19);
    expect(percentile(values, 50)).toBe(10);
    expect(percentile([7, 3, 5], 95)).toBe(7);
    expect(percentile([], 95)).toBeNaN();
  });

  it('peakInWindow counts events in half-open windows [t, t + window)', () => {
    expect(peakInWindow([0, 30_000, 60_000, 90_000], 60_000)).toBe(2);
    expect(peakInWindow([0, 29_000, 59_000], 60_000)).toBe(3);
    expect(peakInWindow([], 60_000)).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import {
  addCost,
  codeBlock,
  costOf,
  formatCost,
  formatDuration,
  formatTimestamp,
  formatUsd,
  NO_COST,
  safeUrl,
} from '../../src/report/index.js';

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [-5, '0s'],
    [Number.NaN, '0s'],
    [42_000, '42s'],
    [59_400, '59s'],
    [59_600, '1m 00s'],
    [185_000, '3m 05s'],
    [3_600_000, '1h 00m'],
    [3_900_000, '1h 05m'],
    [26 * 3_600_000, '26h 00m'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('money', () => {
  it('formats dollars, marking estimates with ~', () => {
    expect(formatUsd(0.5)).toBe('$0.50');
    expect(formatUsd(0.5, true)).toBe('~$0.50');
    expect(formatUsd(12.345)).toBe('$12.35');
    expect(formatUsd(-1)).toBe('$0.00');
  });

  it('keeps reported and estimated parts apart', () => {
    expect(formatCost(NO_COST)).toBe('—');
    expect(formatCost(costOf(0.42, false))).toBe('$0.42');
    expect(formatCost(costOf(0.5, true))).toBe('~$0.50');
    expect(formatCost(addCost(costOf(0.42, false), costOf(0.1, true)))).toBe('$0.42 + ~$0.10');
    expect(formatCost(costOf(undefined, true))).toBe('—');
  });
});

describe('formatTimestamp', () => {
  it('shows minutes in UTC', () => {
    expect(formatTimestamp('2025-03-14T10:42:30.000+02:00')).toBe('2025-03-14 08:42 UTC');
    expect(formatTimestamp('not a date')).toBe('not a date');
  });
});

describe('safeUrl and codeBlock', () => {
  it('allows only http(s) and encodes what would end a link or a table cell', () => {
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('data:text/html,<script>')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
    expect(safeUrl('https://x.test/a(b)|c')).toBe('https://x.test/a%28b%29%7Cc');
  });

  it('picks a fence longer than any backtick run inside', () => {
    expect(codeBlock('a ``` b', 'text')).toBe('````text\na ``` b\n````');
    expect(codeBlock('plain')).toBe('```\nplain\n```');
  });
});

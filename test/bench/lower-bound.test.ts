import { describe, expect, it } from 'vitest';
import {
  CODEGEN_CREATE_LIMIT,
  criticalPath,
  lowerBound,
  rateLimitBound,
  workBound,
} from '../../bench/lower-bound.js';
import { DAG_12, DESIGN_EXAMPLE, sequentialMin, WIDE_60 } from '../../bench/workloads.js';

const t = (id: string, durationMin: number, dependsOn: string[] = []) => ({ id, durationMin, dependsOn });

describe('critical path', () => {
  it('is the longest chain of durations, with its tasks in order', () => {
    const tasks = [t('a', 10), t('b', 30), t('c', 5, ['a', 'b']), t('d', 20, ['a']), t('e', 1, ['c', 'd'])];
    // b → c → e = 36 beats a → d → e = 31.
    expect(criticalPath(tasks)).toEqual({ minutes: 36, path: ['b', 'c', 'e'] });
  });

  it('of independent tasks is the longest one', () => {
    expect(criticalPath(DESIGN_EXAMPLE.tasks)).toEqual({ minutes: 30, path: ['api'] });
  });

  it('of the 12-task DAG is a → d → h → k → l, 101.5 minutes', () => {
    const path = criticalPath(DAG_12.tasks);
    expect(path.path).toEqual(['a', 'd', 'h', 'k', 'l']);
    expect(path.minutes).toBeCloseTo(101.5, 9);
  });

  it('refuses a cycle and an unknown prerequisite', () => {
    expect(() => criticalPath([t('a', 1, ['b']), t('b', 1, ['a'])])).toThrow(/cycle/);
    expect(() => criticalPath([t('a', 1, ['zz'])])).toThrow(/unknown task zz/);
  });
});

describe('create rate-limit bound', () => {
  it('for 60 tasks at 10 creates a minute: the last ten start at minute 5 at the earliest', () => {
    expect(rateLimitBound(Array(60).fill(20), CODEGEN_CREATE_LIMIT)).toBe(25);
    expect(rateLimitBound(Array(60).fill(1), CODEGEN_CREATE_LIMIT)).toBe(6);
  });

  it('does not bind within one window: 10 tasks can all start at once', () => {
    expect(rateLimitBound(Array(10).fill(20), CODEGEN_CREATE_LIMIT)).toBe(20);
    expect(rateLimitBound(Array(11).fill(20), CODEGEN_CREATE_LIMIT)).toBe(21);
  });

  it('puts the longest tasks in the earliest slots (the arrangement no schedule can beat)', () => {
    // 11 tasks: one 30-minute, ten 2-minute. Longest first: the 30 starts at 0, a 2 at minute 1.
    expect(rateLimitBound([2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 30], CODEGEN_CREATE_LIMIT)).toBe(30);
    // With a limit of 1 per minute, durations 5, 1, 1: 0+5, 1+1, 2+1 → 5.
    expect(rateLimitBound([1, 5, 1], { limit: 1, windowMin: 1 })).toBe(5);
  });
});

describe('work / max-parallel bound', () => {
  it('is the total work spread perfectly over max-parallel runs', () => {
    expect(workBound([30, 30, 30], 4)).toBe(22.5);
    expect(workBound([30, 30, 30], 1)).toBe(90);
    expect(workBound(Array(60).fill(20), 60)).toBe(20);
    expect(() => workBound([1], 0)).toThrow(/at least 1/);
  });
});

describe('lower bound of the benchmark workloads', () => {
  it('the design example: 30 minutes (its critical path), against 90 sequential', () => {
    const bound = lowerBound(DESIGN_EXAMPLE.tasks, DESIGN_EXAMPLE.maxParallel);
    expect(bound).toMatchObject({ minutes: 30, binding: 'critical path', rateLimitMin: 30, workMin: 22.5 });
    expect(sequentialMin(DESIGN_EXAMPLE)).toBe(90);
  });

  it('the 12-task DAG: 101.5 minutes, its critical path', () => {
    const bound = lowerBound(DAG_12.tasks, DAG_12.maxParallel);
    expect(bound.binding).toBe('critical path');
    expect(bound.minutes).toBeCloseTo(101.5, 9);
    expect(bound.workMin).toBeCloseTo(203.05 / 4, 9);
    expect(sequentialMin(DAG_12)).toBeCloseTo(203.05, 9);
  });

  it('the 60-task wide DAG: 25 minutes, where the create limit binds', () => {
    const bound = lowerBound(WIDE_60.tasks, WIDE_60.maxParallel);
    expect(bound).toMatchObject({ minutes: 25, binding: 'create rate limit', workMin: 20 });
    expect(bound.criticalPath.minutes).toBe(20);
  });

  it('takes work / max-parallel when that is the largest', () => {
    expect(
      lowerBound(
        Array.from({ length: 8 }, (_, i) => t(`x${i}`, 10)),
        2,
      ),
    ).toMatchObject({
      minutes: 40,
      binding: 'work / max-parallel',
    });
  });
});

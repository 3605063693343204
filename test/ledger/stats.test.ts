import { describe, expect, it } from 'vitest';
import { renderStatsText } from '../../src/cli/stats-text.js';
import { runsOnRunner } from '../../src/executors/index.js';
import { computeLedgerStats, periodStart } from '../../src/ledger/stats.js';
import { sampleLedger } from '../cli/helpers/ledger-fixture.js';

const NOW = Date.parse('2025-03-14T12:00:00Z');
const ledger = sampleLedger(NOW);

describe('ledger stats (cyrus stats)', () => {
  it('periods are whole UTC days ending today', () => {
    expect(periodStart('day', NOW)).toBe('2025-03-14');
    expect(periodStart('week', NOW)).toBe('2025-03-08');
    expect(periodStart('month', NOW)).toBe('2025-02-13');
    expect(periodStart('all', NOW)).toBeNull();
  });

  it('a week: tasks by the executor that ran them last, success over finished tasks, cost, fallbacks, retries', () => {
    const stats = computeLedgerStats({
      ...ledger,
      runsOnRunner,
      period: 'week',
      nowMs: NOW,
      maxCostPerDayUsd: 1,
    });
    expect(stats.totalTasks).toBe(5);
    expect(stats.byLocation).toEqual({ local: 3, cloud: 2, other: 0 });
    expect([stats.succeeded, stats.failed, stats.inFlight]).toEqual([3, 1, 1]);
    expect(stats.successRate).toBe(0.75);
    expect(stats.cost.totalUsd).toBeCloseTo(2.5);
    expect(stats.cost.estimatedUsd).toBeCloseTo(1.5);
    expect(stats.cost.reportedUsd).toBeCloseTo(1.0);
    expect(stats.fallbacks).toBe(1);
    expect(stats.fallbackRoutes).toEqual({ 'codegen → claude-code': 1 });
    expect(stats.retries).toBe(1);
    expect(stats.attempts).toBe(7);
    expect(stats.durations.local).toMatchObject({ count: 2, medianMs: 3 * 60_000, p90Ms: 7 * 60_000 });
    expect(stats.durations.cloud).toMatchObject({ count: 4, medianMs: 12 * 60_000, p90Ms: 20 * 60_000 });
    expect(stats.daily.map((d) => d.date)).toEqual([
      '2025-03-08',
      '2025-03-09',
      '2025-03-10',
      '2025-03-11',
      '2025-03-12',
      '2025-03-13',
      '2025-03-14',
    ]);
    expect(stats.daily.at(-1)).toMatchObject({ tasks: { local: 2, cloud: 1, other: 0 }, committedUsd: 0.9 });
    expect(stats.daily.at(-2)?.committedUsd).toBeCloseTo(1.2);
    expect(stats.successByStrategy).toEqual([
      { strategy: 'cost-optimized', location: 'cloud', finished: 1, succeeded: 0, rate: 0 },
      { strategy: 'hybrid-smart', location: 'cloud', finished: 1, succeeded: 1, rate: 1 },
      { strategy: 'hybrid-smart', location: 'local', finished: 2, succeeded: 2, rate: 1 },
    ]);
  });

  it('the text has the SPEC §6 lines, in order', () => {
    const stats = computeLedgerStats({ ...ledger, runsOnRunner, period: 'week', nowMs: NOW });
    const lines = renderStatsText(stats, 'dir:/ledger');
    expect(lines.slice(0, 7)).toEqual([
      'Total tasks: 5',
      'Local: 3 (60%) | Cloud: 2 (40%)',
      'Success rate: 75%',
      'Total cost: $2.50',
      'Fallbacks: 1 (codegen → claude-code: 1)',
      'Retries: 1 (7 attempts in all)',
      'Durations: local median 3m 00s, p90 7m 00s (2 runs) | cloud median 12m 00s, p90 20m 00s (4 runs)',
    ]);
    expect(lines).toContain('In flight: 1 (not finished; not counted in the success rate)');
    expect(lines).toContain('Estimated: ~$1.50 of the total cost is estimated (Codegen reports no cost)');
    expect(lines.at(-1)).toBe('Period: week, 2025-03-08 to 2025-03-14 (UTC); ledger dir:/ledger');
  });

  it('month and all take in older work; day only today', () => {
    expect(computeLedgerStats({ ...ledger, runsOnRunner, period: 'month', nowMs: NOW }).totalTasks).toBe(6);
    const all = computeLedgerStats({ ...ledger, runsOnRunner, period: 'all', nowMs: NOW });
    expect(all.totalTasks).toBe(7);
    expect(all.daily[0]?.date).toBe('2025-01-13');
    const day = computeLedgerStats({ ...ledger, runsOnRunner, period: 'day', nowMs: NOW });
    expect(day.totalTasks).toBe(3);
    expect(day.daily).toHaveLength(1);
  });

  it('an empty ledger: zeros, no success rate, and text that says so', () => {
    const stats = computeLedgerStats({ issues: [], spend: [], period: 'week', nowMs: NOW });
    expect(stats.successRate).toBeNull();
    expect(renderStatsText(stats, 'dir:/x').slice(0, 4)).toEqual([
      'Total tasks: 0',
      'Local: 0 (0%) | Cloud: 0 (0%)',
      'Success rate: n/a (no task has finished)',
      'Total cost: $0.00',
    ]);
  });

  it('an attempt that recorded where it ran is counted there, whatever its executor is called', () => {
    const custom = structuredClone(ledger.issues[0]);
    if (!custom) throw new Error('fixture');
    for (const task of Object.values(custom.tasks))
      for (const a of task.attempts) Object.assign(a, { executor: 'codex-cli', onRunner: true });
    const stats = computeLedgerStats({
      issues: [custom],
      spend: [],
      period: 'week',
      nowMs: NOW,
      runsOnRunner,
    });
    expect(stats.byLocation).toEqual({ local: 3, cloud: 0, other: 0 });
  });

  it('an executor this build does not know counts as Other', () => {
    const custom = structuredClone(ledger.issues[0]);
    if (!custom) throw new Error('fixture');
    for (const task of Object.values(custom.tasks)) for (const a of task.attempts) a.executor = 'openai';
    const stats = computeLedgerStats({
      issues: [custom],
      spend: [],
      period: 'week',
      nowMs: NOW,
      runsOnRunner,
    });
    expect(stats.byLocation).toEqual({ local: 0, cloud: 0, other: 3 });
    expect(renderStatsText(stats, 'x')[1]).toBe('Local: 0 (0%) | Cloud: 0 (0%) | Other: 3 (100%)');
  });
});

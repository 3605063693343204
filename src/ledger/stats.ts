import type { AttemptRecord, IssueRecord, SpendRecord, TaskRecord } from './records.js';
import { committedUsd } from './records.js';

/** The windows `cyrus stats --period` offers, in whole UTC days ending today. */
export const STATS_PERIODS = ['day', 'week', 'month', 'all'] as const;
export type StatsPeriod = (typeof STATS_PERIODS)[number];

const PERIOD_DAYS: Record<Exclude<StatsPeriod, 'all'>, number> = { day: 1, week: 7, month: 30 };
const DAY_MS = 24 * 60 * 60_000;

/**
 * Where an attempt's work ran: on the runner (`local`) or in a service (`cloud`); `other` when
 * neither its record nor this build knows (an executor since removed).
 */
export type StatsLocation = 'local' | 'cloud' | 'other';

export interface DurationSummary {
  /** Finished attempts measured. */
  count: number;
  medianMs?: number;
  p90Ms?: number;
  totalMs: number;
}

export interface DailyStats {
  /** `YYYY-MM-DD` (UTC). */
  date: string;
  tasks: Record<StatsLocation, number>;
  /** What the day's attempts cost (reported and estimated). */
  costUsd: number;
  /** What the day's spend file commits against the daily cap (settled, or reserved while open). */
  committedUsd: number;
}

export interface SuccessByGroup {
  strategy: string;
  location: StatsLocation;
  finished: number;
  succeeded: number;
  /** succeeded / finished, 0..1; null when nothing finished. */
  rate: number | null;
}

export interface LedgerStats {
  period: StatsPeriod;
  /** First day counted (inclusive), null for `all`. */
  from: string | null;
  /** Last day counted: today (UTC). */
  to: string;
  /** Tasks dispatched in the period (their first attempt started in it). */
  totalTasks: number;
  /** By the executor of each task's last attempt (after any fallback). */
  byLocation: Record<StatsLocation, number>;
  succeeded: number;
  failed: number;
  /** Dispatched, not yet succeeded or failed (running, PR open, held, deferred). */
  inFlight: number;
  /** succeeded / (succeeded + failed), 0..1; null when no task finished. */
  successRate: number | null;
  cost: { totalUsd: number; reportedUsd: number; estimatedUsd: number };
  costByLocation: Record<StatsLocation, number>;
  attempts: number;
  /** Attempts that replaced an executor which failed for its own reasons (cloud → local). */
  fallbacks: number;
  /** Fallbacks by direction, e.g. `{"codegen → claude-code": 2}`. */
  fallbackRoutes: Record<string, number>;
  /** Further attempts on the same executor (fixing failed checks, retrying errors). */
  retries: number;
  durations: Record<StatsLocation | 'all', DurationSummary>;
  /** One row per day from `from` (or the first day with data) to `to`, gaps filled with zeros. */
  daily: DailyStats[];
  successByStrategy: SuccessByGroup[];
  /** The daily budget the config sets, to draw against the spend. */
  maxCostPerDayUsd?: number;
}

export interface StatsInput {
  issues: readonly IssueRecord[];
  spend: readonly SpendRecord[];
  period: StatsPeriod;
  nowMs: number;
  /**
   * Whether an executor runs on the runner, for attempts recorded before the ledger kept
   * `onRunner` (the executor modules of this build know).
   */
  runsOnRunner?: (executor: string) => boolean | undefined;
  maxCostPerDayUsd?: number;
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The first day a period counts, as `YYYY-MM-DD`; null for `all`. */
export function periodStart(period: StatsPeriod, nowMs: number): string | null {
  if (period === 'all') return null;
  const today = Date.parse(`${dayOf(nowMs)}T00:00:00Z`);
  return dayOf(today - (PERIOD_DAYS[period] - 1) * DAY_MS);
}

function locator(input: StatsInput): (attempt: AttemptRecord) => StatsLocation {
  return (attempt) => {
    const onRunner = attempt.onRunner ?? input.runsOnRunner?.(attempt.executor);
    return onRunner === undefined ? 'other' : onRunner ? 'local' : 'cloud';
  };
}

const zeroByLocation = (): Record<StatsLocation, number> => ({ local: 0, cloud: 0, other: 0 });

interface CountedTask {
  strategy: string;
  task: TaskRecord;
  first: AttemptRecord;
  location: StatsLocation;
}

/** The figures of `cyrus stats`, from the ledger's issue and spend records. Pure. */
export function computeLedgerStats(input: StatsInput): LedgerStats {
  const locationOf = locator(input);
  const from = periodStart(input.period, input.nowMs);
  const to = dayOf(input.nowMs);
  const inPeriod = (iso: string) => {
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) return false;
    const day = dayOf(ms);
    return (from === null || day >= from) && day <= to;
  };

  const counted: CountedTask[] = [];
  for (const issue of input.issues) {
    for (const task of Object.values(issue.tasks)) {
      const first = task.attempts[0];
      const last = task.attempts.at(-1);
      if (!first || !last || !inPeriod(first.startedAt)) continue;
      counted.push({
        strategy: issue.strategy ?? 'unknown',
        task,
        first,
        location: locationOf(last),
      });
    }
  }

  const byLocation = zeroByLocation();
  const costByLocation = zeroByLocation();
  const cost = { totalUsd: 0, reportedUsd: 0, estimatedUsd: 0 };
  const runTimes: Record<StatsLocation, number[]> = { local: [], cloud: [], other: [] };
  const days = new Map<string, DailyStats>();
  const groups = new Map<string, SuccessByGroup>();
  let succeeded = 0;
  let failed = 0;
  let attempts = 0;
  let fallbacks = 0;
  let retries = 0;
  const fallbackRoutes: Record<string, number> = {};

  for (const { strategy, task, first, location } of counted) {
    byLocation[location] += 1;
    if (task.state === 'succeeded') succeeded += 1;
    if (task.state === 'failed') failed += 1;
    const date = dayOf(Date.parse(first.startedAt));
    dayRow(days, date).tasks[location] += 1;
    if (task.state === 'succeeded' || task.state === 'failed') {
      const key = `${strategy}\u0000${location}`;
      const group = groups.get(key) ?? { strategy, location, finished: 0, succeeded: 0, rate: null };
      group.finished += 1;
      if (task.state === 'succeeded') group.succeeded += 1;
      groups.set(key, group);
    }
    task.attempts.forEach((attempt, index) => {
      attempts += 1;
      if (attempt.fallbackFrom) {
        fallbacks += 1;
        const route = `${attempt.fallbackFrom} → ${attempt.executor}`;
        fallbackRoutes[route] = (fallbackRoutes[route] ?? 0) + 1;
      } else if (index > 0) {
        retries += 1;
      }
      const attemptLocation = locationOf(attempt);
      const usd = attempt.costUsd ?? 0;
      cost.totalUsd += usd;
      if (attempt.costEstimated) cost.estimatedUsd += usd;
      else cost.reportedUsd += usd;
      costByLocation[attemptLocation] += usd;
      const startMs = Date.parse(attempt.startedAt);
      dayRow(days, Number.isNaN(startMs) ? date : dayOf(startMs)).costUsd += usd;
      const endMs = attempt.finishedAt ? Date.parse(attempt.finishedAt) : Number.NaN;
      if (!Number.isNaN(startMs) && !Number.isNaN(endMs) && endMs >= startMs) {
        runTimes[attemptLocation].push(endMs - startMs);
      }
    });
  }
  for (const record of input.spend) {
    if (!inPeriod(`${record.date}T00:00:00Z`)) continue;
    dayRow(days, record.date).committedUsd += committedUsd(record);
  }

  const finished = succeeded + failed;
  return {
    period: input.period,
    from,
    to,
    totalTasks: counted.length,
    byLocation,
    succeeded,
    failed,
    inFlight: counted.length - finished,
    successRate: finished > 0 ? succeeded / finished : null,
    cost,
    costByLocation,
    attempts,
    fallbacks,
    fallbackRoutes,
    retries,
    durations: {
      local: summarise(runTimes.local),
      cloud: summarise(runTimes.cloud),
      other: summarise(runTimes.other),
      all: summarise([...runTimes.local, ...runTimes.cloud, ...runTimes.other]),
    },
    daily: fillDays(days, from, to),
    successByStrategy: [...groups.values()]
      .map((g) => ({ ...g, rate: g.finished > 0 ? g.succeeded / g.finished : null }))
      .sort((a, b) => a.strategy.localeCompare(b.strategy) || a.location.localeCompare(b.location)),
    maxCostPerDayUsd: input.maxCostPerDayUsd,
  };
}

function dayRow(days: Map<string, DailyStats>, date: string): DailyStats {
  let row = days.get(date);
  if (!row) {
    row = { date, tasks: zeroByLocation(), costUsd: 0, committedUsd: 0 };
    days.set(date, row);
  }
  return row;
}

/** Every day from the period's start (or the first day with data) to today, in order. */
function fillDays(days: Map<string, DailyStats>, from: string | null, to: string): DailyStats[] {
  const known = [...days.keys()].sort();
  const first = from ?? known[0] ?? to;
  const rows: DailyStats[] = [];
  for (let ms = Date.parse(`${first}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += DAY_MS) {
    rows.push(dayRow(days, dayOf(ms)));
  }
  return rows;
}

function summarise(values: number[]): DurationSummary {
  const sorted = [...values].sort((a, b) => a - b);
  const totalMs = sorted.reduce((sum, v) => sum + v, 0);
  if (sorted.length === 0) return { count: 0, totalMs };
  return { count: sorted.length, medianMs: quantile(sorted, 0.5), p90Ms: quantile(sorted, 0.9), totalMs };
}

/** Nearest-rank quantile of sorted values: always one of the measured durations. */
function quantile(sorted: number[], q: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? 0;
}

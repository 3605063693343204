import type { IssueRecord } from './records.js';
import { periodStart, type StatsPeriod } from './stats.js';

/** What the traced attempts of one executor (or all) did. */
export interface TraceTotals {
  /** Attempts that kept a trace. */
  attempts: number;
  toolCalls: number;
  turns: number;
  durationMs: number;
  /** Calls per tool name, summed over the attempts. */
  tools: Record<string, number>;
}

export interface TraceStats {
  all: TraceTotals;
  /** By registry name of the executor that ran the attempt. */
  byExecutor: Record<string, TraceTotals>;
}

const empty = (): TraceTotals => ({ attempts: 0, toolCalls: 0, turns: 0, durationMs: 0, tools: {} });

/**
 * Tools used and turns across the traced attempts of the tasks `cyrus stats` counts (a task counts
 * in the period its first attempt started in, as in the other figures). Pure.
 */
export function computeTraceStats(input: {
  issues: readonly IssueRecord[];
  period: StatsPeriod;
  nowMs: number;
}): TraceStats {
  const from = periodStart(input.period, input.nowMs);
  const to = new Date(input.nowMs).toISOString().slice(0, 10);
  const stats: TraceStats = { all: empty(), byExecutor: {} };
  for (const issue of input.issues) {
    for (const task of Object.values(issue.tasks)) {
      const first = task.attempts[0];
      const day = first ? first.startedAt.slice(0, 10) : '';
      if (!first || Number.isNaN(Date.parse(first.startedAt)) || (from !== null && day < from) || day > to)
        continue;
      for (const attempt of task.attempts) {
        const trace = attempt.trace;
        if (!trace) continue;
        stats.byExecutor[attempt.executor] ??= empty();
        for (const totals of [stats.all, stats.byExecutor[attempt.executor]]) {
          if (!totals) continue;
          totals.attempts += 1;
          totals.toolCalls += trace.toolCalls;
          totals.turns += trace.turns;
          totals.durationMs += trace.durationMs;
          for (const [name, n] of Object.entries(trace.tools))
            totals.tools[name] = (totals.tools[name] ?? 0) + n;
        }
      }
    }
  }
  return stats;
}

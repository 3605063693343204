import type { TaskKind } from '../domain/index.js';
import type { AttemptRecord, TaskRecord, TaskState } from '../ledger/records.js';
import { addCost, type CostParts, costOf, NO_COST } from './format.js';
import type { TaskEstimate, WorkReport } from './model.js';

/** One task as every renderer shows it: the plan's task joined with its ledger record. */
export interface TaskView {
  id: string;
  title: string;
  kind?: TaskKind;
  /** Prerequisites that are tasks of this report. */
  dependsOn: string[];
  state: TaskState;
  executor?: string;
  executorReason?: string;
  pullRequest?: TaskRecord['pullRequest'];
  checks?: TaskRecord['checks'];
  /** Where the PR is on its way into the base branch (merge policy auto or queue). */
  merge?: TaskRecord['merge'];
  attempts: AttemptRecord[];
  /** Sum of the attempts' run times. */
  runMs: number;
  cost: CostParts;
  note?: string;
  /** What a person must do for the task to go on. */
  action?: TaskRecord['action'];
  /** The last attempt's failure, if it failed. */
  failure?: NonNullable<AttemptRecord['failure']>;
  estimate?: TaskEstimate;
  /** The executor the task fell back from, when it did. */
  fallbackFrom?: string;
}

export interface Interval {
  startMs: number;
  endMs: number;
}

const UNFINISHED: ReadonlySet<AttemptRecord['status']> = new Set([
  'dispatching',
  'queued',
  'running',
  'paused',
]);

/** When an attempt ran; an unfinished one runs until `nowMs`. Undefined when its times are unreadable. */
export function attemptInterval(attempt: AttemptRecord, nowMs: number): Interval | undefined {
  const startMs = Date.parse(attempt.startedAt);
  if (Number.isNaN(startMs)) return undefined;
  const finishedMs = attempt.finishedAt ? Date.parse(attempt.finishedAt) : Number.NaN;
  const endMs = Number.isNaN(finishedMs) ? (UNFINISHED.has(attempt.status) ? nowMs : startMs) : finishedMs;
  return { startMs, endMs: Math.max(startMs, endMs) };
}

export function reportNowMs(work: WorkReport): number {
  const now = Date.parse(work.now ?? work.record.updatedAt);
  return Number.isNaN(now) ? 0 : now;
}

/** Tasks in plan order, then any ledger task the plan does not name, by id: same input, same order. */
export function taskViews(work: WorkReport): TaskView[] {
  const { plan, tasks } = work.record;
  const nowMs = reportNowMs(work);
  const planned = plan?.tasks ?? [];
  const plannedIds = new Set(planned.map((t) => t.id));
  const extra = Object.keys(tasks)
    .filter((id) => !plannedIds.has(id))
    .sort();
  const ids = [...planned.map((t) => t.id), ...extra];
  const known = new Set(ids);
  return ids.map((id) => {
    const task = planned.find((t) => t.id === id);
    const record = tasks[id];
    const attempts = record?.attempts ?? [];
    const estimate = work.estimates?.[id];
    const last = attempts.at(-1);
    const runMs = attempts.reduce((sum, a) => {
      const interval = attemptInterval(a, nowMs);
      return sum + (interval ? interval.endMs - interval.startMs : 0);
    }, 0);
    let cost = attempts.reduce((sum, a) => addCost(sum, costOf(a.costUsd, a.costEstimated)), NO_COST);
    if (attempts.length === 0 && estimate) cost = costOf(estimate.usd, true);
    const fallback = [...attempts].reverse().find((a) => a.fallbackFrom);
    return {
      id,
      title: task?.title ?? record?.title ?? id,
      kind: task?.kind,
      dependsOn: (task?.dependsOn ?? []).filter((d) => known.has(d) && d !== id),
      state: record?.state ?? 'pending',
      executor: record?.executor ?? last?.executor ?? estimate?.executor,
      executorReason: record?.executorReason ?? estimate?.reason,
      pullRequest: record?.pullRequest,
      checks: record?.checks,
      merge: record?.merge,
      attempts,
      runMs,
      cost,
      note: record?.note,
      action: record?.action,
      failure: last?.failure,
      estimate,
      fallbackFrom: fallback?.fallbackFrom,
    };
  });
}

export interface WorkTotals {
  tasks: number;
  byState: Record<TaskState, number>;
  cost: CostParts;
  /** First start to last end over all attempts; undefined when nothing ran. */
  wallMs?: number;
}

export function workTotals(views: readonly TaskView[], nowMs: number): WorkTotals {
  const byState: Record<TaskState, number> = {
    pending: 0,
    running: 0,
    pr_open: 0,
    succeeded: 0,
    failed: 0,
    held: 0,
    deferred: 0,
  };
  let cost = NO_COST;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const view of views) {
    byState[view.state] += 1;
    cost = addCost(cost, view.cost);
    for (const attempt of view.attempts) {
      const interval = attemptInterval(attempt, nowMs);
      if (!interval) continue;
      first = Math.min(first, interval.startMs);
      last = Math.max(last, interval.endMs);
    }
  }
  return { tasks: views.length, byState, cost, wallMs: first <= last ? last - first : undefined };
}

/** An attempt that was not a task's first: a fallback to another executor, or a retry. */
export interface AttemptEvent {
  kind: 'fallback' | 'retry';
  taskId: string;
  attempt: AttemptRecord;
  /** The attempt before it, whose failure caused it. */
  previous?: AttemptRecord;
}

export function attemptEvents(views: readonly TaskView[]): AttemptEvent[] {
  return views.flatMap((view) =>
    view.attempts.flatMap((attempt, index): AttemptEvent[] => {
      // A first attempt can be a fallback too, when the cloud refused before a run was recorded.
      if (index === 0 && !attempt.fallbackFrom) return [];
      const kind = attempt.fallbackFrom ? 'fallback' : 'retry';
      return [{ kind, taskId: view.id, attempt, previous: index > 0 ? view.attempts[index - 1] : undefined }];
    }),
  );
}

import type { BenchTask } from './workloads.js';

/** A create limit: at most `limit` creates in any `windowMin` simulated minutes. */
export interface CreateLimit {
  limit: number;
  windowMin: number;
}

/** Codegen's published create limit: 10 runs per minute. */
export const CODEGEN_CREATE_LIMIT: CreateLimit = { limit: 10, windowMin: 1 };

export interface CriticalPath {
  minutes: number;
  /** Task ids along the longest path, first to last. */
  path: string[];
}

/** The longest chain of durations through the dependencies. Throws on an unknown id or a cycle. */
export function criticalPath(tasks: readonly BenchTask[]): CriticalPath {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const memo = new Map<string, CriticalPath>();
  const visiting = new Set<string>();
  const longestEndingAt = (id: string): CriticalPath => {
    const known = memo.get(id);
    if (known) return known;
    const task = byId.get(id);
    if (!task) throw new Error(`unknown task ${id}`);
    if (visiting.has(id)) throw new Error(`dependency cycle through ${id}`);
    visiting.add(id);
    let before: CriticalPath = { minutes: 0, path: [] };
    for (const dep of task.dependsOn) {
      const candidate = longestEndingAt(dep);
      if (candidate.minutes > before.minutes) before = candidate;
    }
    visiting.delete(id);
    const result = { minutes: before.minutes + task.durationMin, path: [...before.path, id] };
    memo.set(id, result);
    return result;
  };
  let best: CriticalPath = { minutes: 0, path: [] };
  for (const task of tasks) {
    const candidate = longestEndingAt(task.id);
    if (candidate.minutes > best.minutes) best = candidate;
  }
  return best;
}

/**
 * The create limit's bound, dependencies aside. Take any schedule and order its tasks by creation:
 * the j-th (from 0) cannot be created before floor(j / limit) windows have passed, and ends one
 * duration later. Putting the longest tasks in the earliest slots minimises the latest end, so
 * that arrangement's latest end is a lower bound on every schedule's makespan.
 */
export function rateLimitBound(durationsMin: readonly number[], limit: CreateLimit): number {
  const longestFirst = [...durationsMin].sort((a, b) => b - a);
  return longestFirst.reduce(
    (bound, duration, j) => Math.max(bound, Math.floor(j / limit.limit) * limit.windowMin + duration),
    0,
  );
}

/** All the work spread perfectly over max-parallel runs at once. */
export function workBound(durationsMin: readonly number[], maxParallel: number): number {
  if (maxParallel < 1) throw new Error('max-parallel must be at least 1');
  return durationsMin.reduce((sum, d) => sum + d, 0) / maxParallel;
}

export type BindingBound = 'critical path' | 'create rate limit' | 'work / max-parallel';

export interface LowerBound {
  minutes: number;
  binding: BindingBound;
  criticalPath: CriticalPath;
  rateLimitMin: number;
  workMin: number;
}

/** The largest of the three bounds: no schedule of these tasks can finish sooner. */
export function lowerBound(
  tasks: readonly BenchTask[],
  maxParallel: number,
  limit: CreateLimit = CODEGEN_CREATE_LIMIT,
): LowerBound {
  const durations = tasks.map((t) => t.durationMin);
  const path = criticalPath(tasks);
  const rateLimitMin = rateLimitBound(durations, limit);
  const workMin = workBound(durations, maxParallel);
  const candidates: { binding: BindingBound; minutes: number }[] = [
    { binding: 'critical path', minutes: path.minutes },
    { binding: 'create rate limit', minutes: rateLimitMin },
    { binding: 'work / max-parallel', minutes: workMin },
  ];
  const largest = candidates.reduce((a, b) => (b.minutes > a.minutes ? b : a));
  return { ...largest, criticalPath: path, rateLimitMin, workMin };
}

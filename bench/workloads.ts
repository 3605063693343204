/**
 * The benchmark's workloads, in simulated minutes. Each task's duration is the time its Codegen
 * run takes from creation to COMPLETE (the stand-in opens its PR at that moment).
 */

export interface BenchTask {
  id: string;
  durationMin: number;
  dependsOn: string[];
}

export interface Workload {
  name: string;
  description: string;
  maxParallel: number;
  tasks: BenchTask[];
}

function task(id: string, durationMin: number, dependsOn: string[] = []): BenchTask {
  return { id, durationMin, dependsOn };
}

/** The design's own example: three independent 30-minute tasks (sequential 90, promised 40). */
export const DESIGN_EXAMPLE: Workload = {
  name: 'design-example',
  description: '3 independent 30-minute tasks, the design document’s example',
  maxParallel: 4,
  tasks: [task('api', 30), task('ui', 30), task('docs', 30)],
};

/**
 * Twelve tasks in five levels. Durations have odd seconds (20.2 min is 20:12), as real runs do, so
 * finishes do not fall in step with the 30-second poll. Critical path a → d → h → k → l =
 * 20.2 + 25.3 + 30.15 + 15.6 + 10.25 = 101.5 min; never more than 4 tasks are ready or running at
 * once, so max-parallel 4 does not bind.
 */
export const DAG_12: Workload = {
  name: 'dag-12',
  description: '12-task DAG, critical path a→d→h→k→l (101.5 min)',
  maxParallel: 4,
  tasks: [
    task('a', 20.2),
    task('b', 15.45),
    task('c', 10.7),
    task('d', 25.3, ['a']),
    task('e', 9.85, ['a', 'b']),
    task('f', 20.55, ['b']),
    task('g', 14.9, ['c']),
    task('h', 30.15, ['d', 'e']),
    task('i', 10.35, ['f', 'g']),
    task('j', 19.75, ['e']),
    task('k', 15.6, ['h', 'i']),
    task('l', 10.25, ['j', 'k']),
  ],
};

/**
 * Sixty independent 20-minute tasks with max-parallel 60, so the only thing that staggers them
 * is Codegen's create limit (10 per minute): the last ten cannot start before minute 5.
 * (A repository's config caps max-parallel at 50; the benchmark sets the orchestrator directly
 * so that the create limit, not max-parallel, is what binds.)
 */
export const WIDE_60: Workload = {
  name: 'wide-60',
  description: '60 independent 20-minute tasks, max-parallel 60: the create limit binds',
  maxParallel: 60,
  tasks: Array.from({ length: 60 }, (_, i) => task(`w${String(i + 1).padStart(2, '0')}`, 20)),
};

export const WORKLOADS: readonly Workload[] = [DESIGN_EXAMPLE, DAG_12, WIDE_60];

export function sequentialMin(workload: Pick<Workload, 'tasks'>): number {
  return workload.tasks.reduce((sum, t) => sum + t.durationMin, 0);
}

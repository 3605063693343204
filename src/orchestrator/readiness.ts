import type { Plan, Task } from '../domain/index.js';
import type { IssueRecord, TaskRecord } from '../ledger/index.js';

export type DependencyGate = 'green' | 'merged';

const FINAL: ReadonlySet<TaskRecord['state']> = new Set(['succeeded', 'failed', 'held']);

export function isFinal(record: TaskRecord): boolean {
  return FINAL.has(record.state);
}

/** A prerequisite lets dependents start when its PR is up and green, or merged, per config. */
export function satisfies(prerequisite: TaskRecord | undefined, gate: DependencyGate): boolean {
  if (prerequisite?.state !== 'succeeded') return false;
  return gate === 'green' || prerequisite.merged === true;
}

/** Tasks that wait on a failed or held prerequisite, with the reason in words. */
export function tasksToHold(plan: Plan, record: IssueRecord): { id: string; note: string }[] {
  const holds: { id: string; note: string }[] = [];
  for (const task of plan.tasks) {
    const own = record.tasks[task.id];
    if (!own || !['pending', 'deferred'].includes(own.state)) continue;
    const blocker = task.dependsOn.find((d) => ['failed', 'held'].includes(record.tasks[d]?.state ?? ''));
    if (blocker)
      holds.push({
        id: task.id,
        note: `held: prerequisite ${blocker} ${record.tasks[blocker]?.state === 'held' ? 'is held' : 'failed'}`,
      });
  }
  return holds;
}

/** Tasks whose prerequisites are all satisfied and that nobody has started. */
export function readyTasks(plan: Plan, record: IssueRecord, gate: DependencyGate): Task[] {
  return plan.tasks.filter((task) => {
    const own = record.tasks[task.id];
    if (own?.state !== 'pending') return false;
    return task.dependsOn.every((d) => satisfies(record.tasks[d], gate));
  });
}

/**
 * Where a task starts: the base branch, or (gate "green") its unmerged prerequisite's branch, so it
 * builds on work that is not in the base yet. With several unmerged prerequisites, the first is used
 * and the choice is reported.
 */
export function startingBranch(
  task: Task,
  record: IssueRecord,
  baseBranch: string,
): { branch: string; note?: string } {
  const unmerged = task.dependsOn
    .map((d) => record.tasks[d])
    .filter((t): t is TaskRecord => t !== undefined && !t.merged && t.branch !== undefined);
  const first = unmerged[0];
  if (!first?.branch) return { branch: baseBranch };
  const note =
    unmerged.length > 1
      ? `${task.id} starts from ${first.id}'s branch; ${unmerged
          .slice(1)
          .map((t) => t.id)
          .join(', ')} must be merged with it before review`
      : undefined;
  return { branch: first.branch, note };
}

import { z } from 'zod';
import { Task } from './task.js';

/** The plan contract (the design's core abstractions): the `plan` output and what the planner must answer. */
export const Plan = z.object({
  summary: z.string().trim().min(1),
  tasks: z.array(Task).min(1, 'a plan needs at least one task'),
});
export type Plan = z.infer<typeof Plan>;

export type PlanCheck = { ok: true; plan: Plan } | { ok: false; errors: string[] };

/**
 * Checks what zod cannot: unique ids, dependencies that exist, no cycles, the size cap.
 * Returns every problem at once so a repair round can fix them together.
 */
export function checkPlan(plan: Plan, maxTasks: number): PlanCheck {
  const errors: string[] = [];
  if (plan.tasks.length > maxTasks) {
    errors.push(`the plan has ${plan.tasks.length} tasks; at most ${maxTasks} are allowed (max-subtasks)`);
  }
  const ids = new Set<string>();
  for (const task of plan.tasks) {
    if (ids.has(task.id)) errors.push(`task id "${task.id}" is used more than once`);
    ids.add(task.id);
  }
  for (const task of plan.tasks) {
    for (const dep of task.dependsOn) {
      if (dep === task.id) errors.push(`task "${task.id}" depends on itself`);
      else if (!ids.has(dep))
        errors.push(`task "${task.id}" depends on "${dep}", which is not a task of this plan`);
    }
  }
  const cycle = findCycle(plan);
  if (cycle) errors.push(`the dependencies form a cycle: ${cycle.join(' -> ')}`);
  return errors.length === 0 ? { ok: true, plan } : { ok: false, errors };
}

/** A cycle as a path of ids (first id repeated at the end), or null. Self-loops are reported elsewhere. */
export function findCycle(plan: Plan): string[] | null {
  const deps = new Map(plan.tasks.map((t) => [t.id, t.dependsOn.filter((d) => d !== t.id)]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    const seen = state.get(id);
    if (seen === 'done') return null;
    if (seen === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const dep of deps.get(id) ?? []) {
      if (!deps.has(dep)) continue;
      const found = visit(dep);
      if (found) return found;
    }
    stack.pop();
    state.set(id, 'done');
    return null;
  };
  for (const id of deps.keys()) {
    const found = visit(id);
    if (found) return found;
  }
  return null;
}

/** Task ids in an order where every task comes after its prerequisites. Assumes a checked plan. */
export function topologicalOrder(plan: Plan): string[] {
  const order: string[] = [];
  const placed = new Set<string>();
  const remaining = [...plan.tasks];
  while (remaining.length > 0) {
    const index = remaining.findIndex((t) => t.dependsOn.every((d) => placed.has(d)));
    if (index < 0) throw new Error('topologicalOrder called on a plan with a cycle');
    const [task] = remaining.splice(index, 1);
    if (!task) break;
    order.push(task.id);
    placed.add(task.id);
  }
  return order;
}

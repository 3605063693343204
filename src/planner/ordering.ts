import type { Plan } from '../domain/index.js';
import { topologicalOrder } from '../domain/index.js';

/** `src/auth/` and `./src/auth` name the same thing. */
function normalise(file: string): string {
  return file.trim().replace(/^\.\//, '').replace(/\/+$/, '');
}

/** Same file, or one is a directory holding the other. */
function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

export interface AddedEdge {
  task: string;
  dependsOn: string;
  files: string[];
}

/**
 * Orders tasks that expect to touch the same files, so parallel work cannot conflict. Edges go
 * from earlier to later in a topological order of the checked plan, which therefore stays acyclic;
 * pairs already ordered (directly or through others) get no new edge.
 */
export function orderOverlappingTasks(plan: Plan): { plan: Plan; added: AddedEdge[] } {
  const order = topologicalOrder(plan);
  const byId = new Map(plan.tasks.map((t) => [t.id, { ...t, dependsOn: [...t.dependsOn] }]));
  const files = new Map(plan.tasks.map((t) => [t.id, t.files.map(normalise).filter((f) => f !== '')]));
  const added: AddedEdge[] = [];

  const reaches = (from: string, to: string): boolean => {
    const stack = [from];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (id === to) return true;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...(byId.get(id)?.dependsOn ?? []));
    }
    return false;
  };

  order.forEach((laterId, laterIndex) => {
    // Nearest first, so a chain a→b→c needs no extra a→c edge.
    for (const earlierId of order.slice(0, laterIndex).reverse()) {
      const shared = (files.get(laterId) ?? []).filter((f) =>
        (files.get(earlierId) ?? []).some((g) => overlaps(f, g)),
      );
      if (shared.length === 0 || reaches(laterId, earlierId)) continue;
      byId.get(laterId)?.dependsOn.push(earlierId);
      added.push({ task: laterId, dependsOn: earlierId, files: shared });
    }
  });
  return { plan: { ...plan, tasks: plan.tasks.map((t) => byId.get(t.id) ?? t) }, added };
}

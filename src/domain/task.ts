import { z } from 'zod';

/** What a subtask is about; strategies route on it (the design's core abstractions). */
export const TaskKind = z.enum(['analysis', 'implementation', 'test', 'review', 'docs']);
export type TaskKind = z.infer<typeof TaskKind>;

/** Rough size of a subtask: small, medium, large. */
export const TaskSize = z.enum(['s', 'm', 'l']);
export type TaskSize = z.infer<typeof TaskSize>;

/** Ids end up in branch names, ledger keys and matrix entries, so keep them to a safe alphabet. */
export const TaskId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, 'a task id is 1-40 letters, digits, "_", "." or "-"');

/** One subtask of a plan, the shape the plan output and the planner share. */
export const Task = z.object({
  id: TaskId,
  title: z.string().trim().min(1).max(200),
  kind: TaskKind,
  prompt: z.string().trim().min(1),
  files: z.array(z.string().min(1)).default([]),
  acceptance: z.array(z.string().min(1)).default([]),
  dependsOn: z.array(TaskId).default([]),
  requiresIsolation: z.boolean().default(false),
  size: TaskSize,
});
export type Task = z.infer<typeof Task>;

import type { ExecutionResult, IssueRef } from '../domain/index.js';
import {
  type AttemptRecord,
  type IssueRecord,
  type TaskAction,
  type TaskRecord,
  UNCHANGED,
} from '../ledger/index.js';
import { isFinal } from './readiness.js';
import type { OrchestratorDependencies } from './types.js';

/**
 * One issue's task records in the ledger, as a task's flow changes them: each change is a
 * compare-and-swap on the issue file, and every change is told to `onRecord` (the reports).
 */
export class TaskRecords {
  constructor(
    private readonly deps: OrchestratorDependencies,
    private readonly issue: IssueRef,
  ) {}

  async read(): Promise<IssueRecord> {
    const record = await this.deps.ledger.readIssue(this.issue.identifier);
    if (!record) throw new Error(`no ledger record for ${this.issue.identifier}`);
    return record;
  }

  /** Adds the attempt unless another job added one with its number first; true when this job won. */
  async claim(taskId: string, attempt: AttemptRecord, fields: Partial<TaskRecord>): Promise<boolean> {
    let won = false;
    await this.deps.ledger.updateIssue(
      this.issue.identifier,
      (record) => {
        const task = record.tasks[taskId];
        won = false;
        if (!task || task.attempts.some((a) => a.number === attempt.number)) return UNCHANGED;
        won = true;
        return withTask(record, taskId, {
          ...task,
          ...fields,
          state: 'running',
          note: undefined,
          action: undefined,
          attempts: [...task.attempts, attempt],
          updatedAt: this.now(),
        });
      },
      `cyrus: dispatch ${attempt.dispatchKey}`,
    );
    return won;
  }

  finishAttempt(
    taskId: string,
    number: number,
    result: ExecutionResult,
    status: 'succeeded' | 'failed',
  ): Promise<void> {
    return this.updateTask(taskId, (t) => withAttemptFinished(t, number, result, status));
  }

  async updateAttempt(
    taskId: string,
    number: number,
    change: (a: AttemptRecord) => AttemptRecord,
  ): Promise<void> {
    await this.updateTask(taskId, (t) => ({
      ...t,
      attempts: t.attempts.map((a) => (a.number === number ? change(a) : a)),
    }));
  }

  finishTask(taskId: string, state: 'failed', note: string, action?: TaskAction): Promise<void> {
    return this.updateTask(taskId, (t) => ({ ...t, state, note, action }));
  }

  async updateTask(taskId: string, change: (t: TaskRecord) => TaskRecord): Promise<void> {
    const record = await this.deps.ledger.updateIssue(this.issue.identifier, (r) => {
      const task = r.tasks[taskId];
      return task ? withTask(r, taskId, { ...change(task), updatedAt: this.now() }) : UNCHANGED;
    });
    await this.deps.onRecord?.(record);
  }

  now(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }
}

/** The task with attempt `number` closed on `result`. */
export function withAttemptFinished(
  task: TaskRecord,
  number: number,
  result: ExecutionResult,
  status: 'succeeded' | 'failed',
): TaskRecord {
  return {
    ...task,
    attempts: task.attempts.map((a) =>
      a.number === number
        ? {
            ...a,
            sessionId: result.sessionId ?? a.sessionId,
            status,
            finishedAt: result.finishedAt,
            costUsd: result.cost.usd,
            costEstimated: result.cost.estimated,
            trace: result.trace,
            failure: status === 'failed' ? result.failure : undefined,
          }
        : a,
    ),
  };
}

export function withTask(record: IssueRecord, taskId: string, task: TaskRecord): IssueRecord {
  const tasks = { ...record.tasks, [taskId]: task };
  const all = Object.values(tasks);
  if (!all.every(isFinal)) return { ...record, tasks };
  // The write that ends the last task records the issue's end too: no commit of its own for it.
  const succeeded = all.filter((t) => t.state === 'succeeded').length;
  const status = succeeded === all.length ? 'succeeded' : succeeded > 0 ? 'partial' : 'failed';
  return { ...record, tasks, status };
}

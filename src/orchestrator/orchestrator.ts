import type { Plan, Task } from '../domain/index.js';
import { type IssueRecord, type IssueStatus, type TaskRecord, UNCHANGED } from '../ledger/index.js';
import { errorMessage, UserError } from '../util/errors.js';
import { plural } from '../util/plural.js';
import { followAttempt } from './follow-attempt.js';
import { isFinal, readyTasks, tasksToHold } from './readiness.js';
import { TaskFlow } from './task-flow.js';
import { withTask } from './task-records.js';
import type { OrchestrationInput, OrchestratorDependencies, OrchestratorSettings } from './types.js';

/** How often a job with stoppable work running asks whether it was stopped (one Linear read). */
export const STOP_POLL_MS = 60_000;

/**
 * Runs an issue's plan: each task dispatched the moment its prerequisites allow, up to
 * max-parallel, through the strategy's executor, within the budget, surviving failures, and
 * with every step in the ledger so a duplicate or restarted job continues instead of repeating.
 */
export class TaskOrchestrator {
  constructor(
    private readonly deps: OrchestratorDependencies,
    private readonly settings: OrchestratorSettings,
  ) {}

  async run(input: OrchestrationInput): Promise<IssueRecord> {
    const { logger } = this.deps;
    const prepared = await this.adoptPlan(input);
    const plan = prepared.plan ?? input.plan;
    const flow = new TaskFlow(this.deps, this.settings, input.issue);
    const running = new Map<string, Promise<void>>();
    const follow = (task: Task, work: () => Promise<unknown>) => {
      const promise = work()
        .then(() => undefined)
        // An error that escapes a task's flow ends the task (with the reason), never the loop:
        // left running, the task would be picked up and fail the same way again and again.
        .catch(async (error: unknown) => {
          logger.error(`Task ${task.id}: ${errorMessage(error)}`);
          await this.updateTask(input, task.id, (t) => ({
            ...t,
            state: 'failed',
            note: `internal error: ${errorMessage(error)}`,
          })).catch((e: unknown) =>
            logger.error(`Task ${task.id}: could not record the failure: ${errorMessage(e)}`),
          );
        })
        .finally(() => running.delete(task.id));
      running.set(task.id, promise);
    };

    for (;;) {
      const record = await this.holdBlocked(plan, await this.read(input));
      const stopped = await this.checkpoint(plan, record);
      if (stopped) {
        await Promise.all(running.values());
        break;
      }
      for (const task of plan.tasks) {
        if (running.size >= this.settings.maxParallel) break;
        if (running.has(task.id)) continue;
        const own = record.tasks[task.id];
        if (own?.state === 'running') {
          follow(task, () => this.continueForeign(flow, input, task));
        } else if (readyTasks(plan, record, this.settings.dependencyGate).some((t) => t.id === task.id)) {
          follow(task, () => flow.run(task));
        }
      }
      if (running.size === 0) break;
      if (!this.settings.wait) {
        // Dispatch what is ready and leave: the runs carry on, and later events continue the plan.
        await Promise.all(running.values());
        break;
      }
      const watch = new AbortController();
      await Promise.race([...running.values(), this.watchForStop(flow, input, watch.signal)]);
      watch.abort();
      if (this.deps.clock.now() >= this.settings.deadline) {
        logger.warning(
          `The job's wait deadline passed with ${running.size} task(s) still running; they continue from the ledger later`,
        );
        await Promise.all(running.values());
        break;
      }
    }
    return this.conclude(input);
  }

  /** Records the plan (or adopts the one already recorded) without running anything: plan mode. */
  recordPlan(input: OrchestrationInput): Promise<IssueRecord> {
    return this.adoptPlan(input);
  }

  /**
   * Runs exactly one task of the recorded plan (execute mode, one matrix job per task). A task whose
   * prerequisites are not satisfied yet is left pending, with the reason, for reconcile to start.
   */
  async runTask(
    input: OrchestrationInput,
    taskId: string,
  ): Promise<{ record: IssueRecord; ran: boolean; reason: string }> {
    const record = await this.adoptPlan(input);
    const plan = record.plan ?? input.plan;
    const task = plan.tasks.find((t) => t.id === taskId);
    if (!task) {
      throw new UserError(
        `Task "${taskId}" is not in the plan of ${input.issue.identifier} (tasks: ${plan.tasks.map((t) => t.id).join(', ')}).`,
      );
    }
    const own = record.tasks[taskId];
    const flow = new TaskFlow(this.deps, this.settings, input.issue);
    let reason: string;
    if (own?.state === 'running') {
      await this.continueForeign(flow, input, task);
      reason = 'continued the attempt already under way';
    } else if (readyTasks(plan, record, this.settings.dependencyGate).some((t) => t.id === taskId)) {
      await flow.run(task);
      reason = 'ran it';
    } else {
      const waitingFor = task.dependsOn.filter((d) => record.tasks[d]?.state !== 'succeeded');
      return {
        record,
        ran: false,
        reason:
          own && own.state !== 'pending'
            ? `task ${taskId} is already ${own.state}`
            : `task ${taskId} waits for ${waitingFor.join(', ')}; reconcile starts it once they are done`,
      };
    }
    return { record: await this.conclude(input), ran: true, reason };
  }

  /**
   * Hands a finished task back to its executor with `instructions` (a merge conflict to fix): a
   * follow-up on the last attempt's session, on the same branch, judged like any attempt.
   */
  async rework(input: OrchestrationInput, taskId: string, instructions: string): Promise<IssueRecord> {
    const record = await this.read(input);
    const task = (record.plan ?? input.plan).tasks.find((t) => t.id === taskId);
    const sessionId = record.tasks[taskId]?.attempts.at(-1)?.sessionId;
    if (!task) throw new Error(`task ${taskId} is not in the plan of ${input.issue.identifier}`);
    const flow = new TaskFlow(this.deps, this.settings, input.issue);
    await flow.run(task, { followUp: sessionId ? { sessionId, instructions } : undefined });
    return this.conclude(input);
  }

  /** Another job's (or a previous run's) attempt: follow it, and carry the task on if it failed. */
  private async continueForeign(flow: TaskFlow, input: OrchestrationInput, task: Task): Promise<void> {
    const end = await followAttempt(this.deps, this.settings, input.issue, task);
    if (end !== 'retry') return;
    const own = (await this.read(input)).tasks[task.id];
    const limit = this.settings.fixAttempts + 2;
    if (own && own.attempts.length >= limit) {
      await this.updateTask(input, task.id, (t) => ({
        ...t,
        state: 'failed',
        note: `failed after ${plural(own.attempts.length, 'attempt')}`,
      }));
      return;
    }
    await flow.run(task);
  }

  /**
   * The first job records the plan and every task as pending; a later or concurrent job adopts the
   * recorded plan, so all jobs work on one plan. Tasks deferred by an earlier day's budget get
   * another chance.
   */
  private async adoptPlan(input: OrchestrationInput): Promise<IssueRecord> {
    const now = new Date(this.deps.clock.now()).toISOString();
    const record = await this.deps.ledger.updateIssue(
      input.issue.identifier,
      (current) => {
        if (current.plan) {
          const deferred = Object.values(current.tasks).filter((t) => t.state === 'deferred');
          if (deferred.length === 0) return UNCHANGED;
          return deferred.reduce(
            (r, t) => withTask(r, t.id, { ...t, state: 'pending', note: undefined, updatedAt: now }),
            current,
          );
        }
        const tasks: Record<string, TaskRecord> = {};
        for (const task of input.plan.tasks)
          tasks[task.id] = { id: task.id, title: task.title, state: 'pending', attempts: [], updatedAt: now };
        return { ...current, plan: input.plan, strategy: input.strategyName, status: 'running', tasks };
      },
      `cyrus: plan ${input.issue.identifier}`,
    );
    if (record.plan && JSON.stringify(record.plan) !== JSON.stringify(input.plan)) {
      this.deps.logger.info(
        `Plan: ${input.issue.identifier} already has a recorded plan; continuing it instead of the new one`,
      );
    }
    await this.deps.onRecord?.(record);
    return record;
  }

  private async holdBlocked(plan: Plan, record: IssueRecord): Promise<IssueRecord> {
    const holds = tasksToHold(plan, record);
    if (holds.length === 0) return record;
    for (const hold of holds) this.deps.logger.warning(`Task ${hold.id}: ${hold.note}`);
    const now = new Date(this.deps.clock.now()).toISOString();
    const updated = await this.deps.ledger.updateIssue(record.issue.identifier, (current) =>
      holds.reduce((r, h) => {
        const task = r.tasks[h.id];
        return task && ['pending', 'deferred'].includes(task.state)
          ? withTask(r, h.id, { ...task, state: 'held', note: h.note, updatedAt: now })
          : r;
      }, current),
    );
    await this.deps.onRecord?.(updated);
    return updated;
  }

  /**
   * While tasks run: every STOP_POLL_MS, when some running attempt could be stopped (its work
   * lives in this job), asks whether the work was stopped, and if so stops those attempts. Work
   * that goes on by itself (detached) is left to the next checkpoint: nothing could stop it.
   */
  private async watchForStop(flow: TaskFlow, input: OrchestrationInput, signal: AbortSignal): Promise<void> {
    const { shouldStop, clock, logger } = this.deps;
    if (!shouldStop) return new Promise<void>(() => undefined);
    for (;;) {
      const slept = await clock.sleep(STOP_POLL_MS, signal).then(
        () => true,
        // Aborted: a task ended and the loop goes on without this watch.
        () => false,
      );
      if (!slept || signal.aborted) return new Promise<void>(() => undefined);
      if (!flow.canStopRunning) continue;
      const reason = await shouldStop();
      if (!reason) continue;
      const count = await flow.stopRunning(reason);
      logger.warning(`Work on ${input.issue.identifier} ${reason}: ${plural(count, 'running task')} stopped`);
      return;
    }
  }

  /** Whether the work was stopped; if so, the tasks not started are held with the reason. */
  private async checkpoint(plan: Plan, record: IssueRecord): Promise<boolean> {
    const waiting = Object.values(record.tasks).filter((t) => ['pending', 'deferred'].includes(t.state));
    if (!this.deps.shouldStop || waiting.length === 0) return false;
    const reason = await this.deps.shouldStop();
    if (!reason) return false;
    this.deps.logger.warning(
      `Work on ${record.issue.identifier} ${reason}: ${waiting.length} task(s) not started`,
    );
    const now = new Date(this.deps.clock.now()).toISOString();
    const updated = await this.deps.ledger.updateIssue(record.issue.identifier, (current) =>
      plan.tasks.reduce((r, t) => {
        const task = r.tasks[t.id];
        return task && ['pending', 'deferred'].includes(task.state)
          ? withTask(r, t.id, { ...task, state: 'held', note: reason, updatedAt: now })
          : r;
      }, current),
    );
    await this.deps.onRecord?.(updated);
    return true;
  }

  /** The issue's status from its tasks, recorded once the loop ends. */
  private async conclude(input: OrchestrationInput): Promise<IssueRecord> {
    await this.deps.ledger.flushSettlements();
    const record = await this.deps.ledger.updateIssue(input.issue.identifier, (current) => {
      const status = issueStatus(Object.values(current.tasks));
      return status === current.status ? UNCHANGED : { ...current, status };
    });
    await this.deps.onRecord?.(record);
    return record;
  }

  private async updateTask(
    input: OrchestrationInput,
    taskId: string,
    change: (t: TaskRecord) => TaskRecord,
  ): Promise<void> {
    const record = await this.deps.ledger.updateIssue(input.issue.identifier, (r) => {
      const task = r.tasks[taskId];
      return task ? withTask(r, taskId, change(task)) : UNCHANGED;
    });
    await this.deps.onRecord?.(record);
  }

  private async read(input: OrchestrationInput): Promise<IssueRecord> {
    const record = await this.deps.ledger.readIssue(input.issue.identifier);
    if (!record) throw new Error(`no ledger record for ${input.issue.identifier}; claim the issue first`);
    return record;
  }
}

/** succeeded when every task did; failed when none did and nothing is left; waiting while work goes on. */
export function issueStatus(tasks: readonly TaskRecord[]): IssueStatus {
  if (tasks.length === 0) return 'planning';
  if (tasks.every((t) => t.state === 'succeeded')) return 'succeeded';
  if (!tasks.every(isFinal)) return 'waiting';
  return tasks.some((t) => t.state === 'succeeded') ? 'partial' : 'failed';
}

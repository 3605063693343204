import type { ExecutorDescriptor, IssueRef, Task, TaskExecutor } from '../domain/index.js';
import { errorMessage } from '../util/errors.js';
import { dispatchKey, taskBranch } from './branches.js';
import { candidatesFor } from './candidates.js';
import { type History, historyFrom, NO_HISTORY } from './history.js';
import { judgeAttempt, type NextAttempt } from './judge.js';
import { rememberedBy } from './memo.js';
import { startingBranch } from './readiness.js';
import { blockReason, ranked } from './strategies/index.js';
import { executeAttempt } from './task-execution.js';
import { TaskRecords } from './task-records.js';
import type { OrchestratorDependencies, OrchestratorSettings } from './types.js';

export type FlowEnd = 'finished' | 'deferred' | 'elsewhere' | 'detached';

/**
 * Carries one task through its attempts: choose an executor, reserve the budget, claim the
 * dispatch in the ledger, run, settle, then fall back, fix or finish. Every step is recorded so
 * another job (or this one, restarted) can take over from the ledger alone.
 */
export class TaskFlow {
  private readonly records: TaskRecords;
  /** The executors of attempts running in this job that can be stopped with it, by task. */
  private readonly live = new Map<string, TaskExecutor>();
  /** Why the work was stopped while it ran (a stop from Linear), once it was. */
  private stopped: string | undefined;

  constructor(
    private readonly deps: OrchestratorDependencies,
    private readonly settings: OrchestratorSettings,
    private readonly issue: IssueRef,
  ) {
    this.records = new TaskRecords(deps, issue);
  }

  async run(task: Task, next: NextAttempt = {}): Promise<FlowEnd> {
    const { ledger, logger } = this.deps;
    for (;;) {
      const record = await this.records.read();
      const own = record.tasks[task.id];
      if (!own)
        throw new Error(`task ${task.id} is missing from the ledger record of ${this.issue.identifier}`);
      const number = own.attempts.length + 1;
      // A retry, fallback or rework is a new dispatch too (the loop asked before the first one).
      const stopped = number > 1 ? await this.deps.shouldStop?.() : undefined;
      if (stopped) {
        // A finished task asked to rework its PR keeps its state; anything else waits, held.
        if (own.state !== 'succeeded')
          await this.records.updateTask(task.id, (t) => ({ ...t, state: 'held', note: stopped }));
        return 'finished';
      }
      const issues = await ledger.listIssues();
      const history = historyFrom(issues);
      const choice = this.choose(task, history, next);
      if (!choice.descriptor) {
        await this.records.finishTask(task.id, 'failed', `no executor can run it: ${choice.reason}`);
        return 'finished';
      }
      const descriptor = choice.descriptor;
      const key = dispatchKey(this.issue.identifier, task.id, number);
      const reserveUsd = this.reservation(descriptor, task, history);
      const reserved = await ledger.reserve(
        key,
        { usd: reserveUsd, issue: this.issue.identifier, task: task.id },
        this.settings.maxCostPerDayUsd,
      );
      if (!reserved.ok) {
        logger.warning(`Budget: ${task.id} deferred: ${reserved.reason}`);
        await this.records.updateTask(task.id, (t) => ({
          ...t,
          state: 'deferred',
          note: `deferred by the daily budget: ${reserved.reason}`,
        }));
        return 'deferred';
      }
      const branch =
        next.followUp && own.branch
          ? own.branch
          : taskBranch(this.issue.identifier, task.id, next.fallback ? number : undefined);
      const start =
        next.followUp && own.baseBranch
          ? { branch: own.baseBranch }
          : startingBranch(task, record, this.settings.baseBranch);
      const claimed = await this.records.claim(
        task.id,
        {
          number,
          executor: descriptor.name,
          onRunner: descriptor.capabilities.needsRunner,
          dispatchKey: key,
          sessionId: null,
          status: 'dispatching',
          startedAt: this.records.now(),
          owner: this.settings.runId,
          fallbackFrom: next.fallback?.from,
        },
        { executor: descriptor.name, executorReason: choice.reason, branch, baseBranch: start.branch },
      );
      if (!claimed) {
        await ledger.settle(key, 0, false);
        logger.info(
          `Task ${task.id}: attempt ${number} was already dispatched by another job; following it there`,
        );
        return 'elsewhere';
      }
      logger.info(`Task ${task.id} → ${descriptor.name} (attempt ${number}): ${choice.reason}`);
      if (start.note) logger.info(`Task ${task.id}: ${start.note}`);

      const executor = descriptor.create();
      // Work that lives in this job can be stopped with it; detached work goes on by itself.
      if (!descriptor.capabilities.detaches) this.live.set(task.id, executor);
      const outcome = await executeAttempt(
        this.deps,
        this.settings,
        this.records,
        { descriptor, executor },
        task,
        number,
        {
          issue: this.issue,
          task,
          attempt: number,
          ledgerKey: key,
          repository: this.settings.repository,
          baseBranch: start.branch,
          branch,
          workingDirectory: this.settings.workingDirectory,
          deadline: this.settings.deadline,
          maxCostUsd: this.settings.maxCostPerTaskUsd,
          followUp: next.followUp,
          remembered: rememberedBy(descriptor.name, [record, ...issues]),
        },
      );
      this.live.delete(task.id);
      if (this.stopped && outcome !== 'detached') {
        ledger.settleLater(key, outcome.cost.usd, outcome.cost.estimated);
        await this.records.finishAttempt(task.id, number, outcome, 'failed');
        await this.records.updateTask(task.id, (t) => ({ ...t, state: 'held', note: this.stopped }));
        logger.warning(`Task ${task.id}: stopped while it ran (${this.stopped}); held`);
        return 'finished';
      }
      if (outcome === 'detached') {
        ledger.settleLater(key, reserveUsd, true);
        return 'detached';
      }
      // Nothing outside waits on a settlement: it rides along with the next spend write, or the
      // orchestrator's last one, so dependents never wait for it.
      ledger.settleLater(key, outcome.cost.usd, outcome.cost.estimated);
      const decision = await judgeAttempt(
        this.deps,
        this.settings,
        this.records,
        { task, descriptor, number, result: outcome },
        next,
      );
      if (decision === 'done') return 'finished';
      next = decision;
    }
  }

  /** Whether any attempt running in this job could be stopped now. */
  get canStopRunning(): boolean {
    return this.live.size > 0;
  }

  /**
   * Stops the attempts running in this job whose executors can stop (those that do not detach):
   * each ends held, with the reason; none is retried. Returns how many were asked to stop.
   */
  async stopRunning(reason: string): Promise<number> {
    this.stopped = reason;
    const running = [...this.live.entries()];
    await Promise.all(
      running.map(([taskId, executor]) =>
        executor
          .stop()
          .catch((error: unknown) =>
            this.deps.logger.warning(`Task ${taskId}: could not be stopped: ${errorMessage(error)}`),
          ),
      ),
    );
    return running.length;
  }

  private choose(
    task: Task,
    history: History,
    next: NextAttempt,
  ): { descriptor?: ExecutorDescriptor; reason: string } {
    const input = {
      task,
      candidates: candidatesFor(this.deps.registry, task, history),
      maxCostPerTaskUsd: this.settings.maxCostPerTaskUsd,
    };
    if (next.fallback) return this.fallbackTarget(next.fallback, input);
    const choice = this.deps.strategy.choose(input);
    if (!choice.executor) return { reason: choice.reason };
    const descriptor = this.deps.registry.get(choice.executor);
    return descriptor
      ? { descriptor, reason: choice.reason }
      : { reason: `${choice.reason}, but no executor named ${choice.executor} is registered` };
  }

  /** After a service refused the work: the best executor on the runner that can take it, once. */
  private fallbackTarget(
    fallback: NonNullable<NextAttempt['fallback']>,
    input: Parameters<typeof ranked>[1],
  ): { descriptor?: ExecutorDescriptor; reason: string } {
    const others = { ...input, candidates: input.candidates.filter((c) => c.name !== fallback.from) };
    const best = ranked('runner', others)[0];
    const blocked = best ? blockReason(best, others) : 'no executor can run on the runner';
    const descriptor = best && !blocked ? this.deps.registry.get(best.name) : undefined;
    const reason = descriptor
      ? `${fallback.reason}; falling back to local execution`
      : `${fallback.reason}, but ${blocked ?? 'no other executor can run it'}`;
    this.deps.logger.warning(`Fallback: task ${input.task.id}: ${reason}`);
    return descriptor ? { descriptor, reason } : { reason };
  }

  /** An executor that stops at the per-task cap can spend the cap; any other is reserved at its estimate. */
  private reservation(descriptor: ExecutorDescriptor, task: Task, history: History): number {
    const expected = descriptor.expectedCostUsd(task, history[descriptor.name] ?? NO_HISTORY);
    const cap = this.settings.maxCostPerTaskUsd;
    return descriptor.capabilities.honoursCostCap && cap !== undefined ? cap : expected;
  }
}

import {
  type ExecutionContext,
  type ExecutionResult,
  type ExecutorDescriptor,
  type FailureKind,
  type IssueRef,
  isCloudFailure,
  type ProgressEvent,
  type Task,
} from '../domain/index.js';
import {
  type AttemptRecord,
  type IssueRecord,
  type TaskAction,
  type TaskRecord,
  UNCHANGED,
} from '../ledger/index.js';
import { errorMessage } from '../util/errors.js';
import { actionForFailure } from './actions.js';
import { dispatchKey, taskBranch } from './branches.js';
import { storedCodegenRepo } from './codegen-repo.js';
import { type History, historyFrom } from './history.js';
import { isFinal, startingBranch } from './readiness.js';
import {
  DEFAULT_LIVENESS,
  type OrchestratorDependencies,
  type OrchestratorSettings,
  type PullRequestVerdict,
} from './types.js';

/** Work failures worth another attempt with the evidence; the rest end the task. */
const FIXABLE: ReadonlySet<FailureKind> = new Set(['agent_error', 'no_pull_request', 'max_turns']);

export type FlowEnd = 'finished' | 'deferred' | 'elsewhere' | 'detached';

interface NextAttempt {
  /** Set after a cloud failure: the task re-runs locally once, and the report says why. */
  fallback?: { from: string; reason: string };
  followUp?: { sessionId: string; instructions: string };
}

/**
 * Carries one task through its attempts: choose an executor, reserve the budget, claim the
 * dispatch in the ledger, run, settle, then fall back, fix or finish. Every step is recorded so
 * another job (or this one, restarted) can take over from the ledger alone.
 */
export class TaskFlow {
  constructor(
    private readonly deps: OrchestratorDependencies,
    private readonly settings: OrchestratorSettings,
    private readonly issue: IssueRef,
  ) {}

  async run(task: Task, next: NextAttempt = {}): Promise<FlowEnd> {
    const { ledger, logger } = this.deps;
    for (;;) {
      const record = await this.read();
      const own = record.tasks[task.id];
      if (!own)
        throw new Error(`task ${task.id} is missing from the ledger record of ${this.issue.identifier}`);
      const number = own.attempts.length + 1;
      const issues = await ledger.listIssues();
      const history = historyFrom(issues, (name) => this.deps.registry.get(name)?.location);
      const choice = this.choose(task, history, next);
      if (!choice.descriptor) {
        await this.finishTask(task.id, 'failed', `no executor can run it: ${choice.reason}`);
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
        await this.updateTask(task.id, (t) => ({
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
      const claimed = await this.claim(
        task.id,
        {
          number,
          executor: descriptor.name,
          dispatchKey: key,
          sessionId: null,
          status: 'dispatching',
          startedAt: this.now(),
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

      const outcome = await this.execute(descriptor, task, number, {
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
        codegenRepo: storedCodegenRepo([record, ...issues]),
      });
      if (outcome === 'detached') {
        ledger.settleLater(key, reserveUsd, true);
        return 'detached';
      }
      // Nothing outside waits on a settlement: it rides along with the next spend write, or the
      // orchestrator's last one, so dependents never wait for it.
      ledger.settleLater(key, outcome.cost.usd, outcome.cost.estimated);
      const decision = await this.judge(task, descriptor, number, outcome, next);
      if (decision === 'done') return 'finished';
      next = decision;
    }
  }

  /** Records the result, then decides: done, or the next attempt (fallback or fix). */
  private async judge(
    task: Task,
    descriptor: ExecutorDescriptor,
    number: number,
    result: ExecutionResult,
    previous: NextAttempt,
  ): Promise<'done' | NextAttempt> {
    const { logger } = this.deps;
    let failure = result.failure;
    let evidence: string | undefined;
    if (result.success && result.pullRequest) {
      const verdict = await verifySafely(this.deps, task, result);
      if (verdict.verdict === 'passed') {
        // One write for the attempt and the task: dependents start as soon as it lands.
        await this.updateTask(task.id, (t) => ({
          ...withAttemptFinished(t, number, result, 'succeeded'),
          state: 'succeeded',
          pullRequest: result.pullRequest ?? undefined,
          // The agent may name its own branch: the PR's is the one dependents and fixes use.
          branch: result.pullRequest?.headBranch ?? t.branch,
          checks: { state: 'success' },
          note: undefined,
          action: undefined,
        }));
        logger.info(`Task ${task.id}: succeeded with ${result.pullRequest.url}`);
        return 'done';
      }
      if (verdict.verdict === 'unverified') {
        // The PR is up but no CI ran on it: no retry can fix that, and it is not a pass either.
        await this.updateTask(task.id, (t) => ({
          ...withAttemptFinished(t, number, result, 'succeeded'),
          state: 'pr_open',
          pullRequest: result.pullRequest ?? undefined,
          // The agent may name its own branch: the PR's is the one dependents and fixes use.
          branch: result.pullRequest?.headBranch ?? t.branch,
          checks: { state: 'pending', summary: verdict.reasons.join('; ') },
          note: `not verified: ${verdict.reasons.join('; ')}`,
          action: verdict.action,
        }));
        logger.warning(
          `Task ${task.id}: ${result.pullRequest.url} is not verified: ${verdict.reasons.join('; ')}`,
        );
        if (verdict.action) logger.warning(`Task ${task.id}: what to do: ${verdict.action.text}`);
        return 'done';
      }
      failure = {
        kind: verdict.verdict === 'timed_out' ? 'deadline' : 'agent_error',
        message: `validation ${verdict.verdict}: ${verdict.reasons.join('; ')}`,
      };
      evidence = verdict.evidence ?? verdict.reasons.join('\n');
      await this.updateTask(task.id, (t) => ({
        ...t,
        pullRequest: result.pullRequest ?? undefined,
        branch: result.pullRequest?.headBranch ?? t.branch,
        checks: { state: 'failure', summary: verdict.reasons.join('; ') },
      }));
    } else if (result.success) {
      failure = {
        kind: 'no_pull_request',
        message: 'the executor reported success but no pull request was confirmed',
      };
    }
    const kind = failure?.kind ?? 'internal';
    const message = failure?.message ?? 'failed without a reason';
    await this.finishAttempt(task.id, number, { ...result, failure: { kind, message } }, 'failed');

    if (isCloudFailure(kind) && descriptor.location === 'cloud' && !previous.fallback) {
      const reason = `Codegen could not run it (${kind}: ${message}); falling back to local execution`;
      logger.warning(`Fallback: task ${task.id}: ${reason}`);
      return { fallback: { from: descriptor.name, reason } };
    }
    const fixesUsed =
      (await this.read()).tasks[task.id]?.attempts.filter((a) => a.failure && FIXABLE.has(a.failure.kind))
        .length ?? 0;
    if (
      FIXABLE.has(kind) &&
      fixesUsed <= this.settings.fixAttempts &&
      this.deps.clock.now() < this.settings.deadline
    ) {
      logger.info(
        `Retry: task ${task.id} attempt ${number} failed (${message}); fix ${fixesUsed} of ${this.settings.fixAttempts}`,
      );
      const instructions = `The previous attempt did not succeed: ${message}.${evidence ? `\n\nEvidence:\n${evidence}` : ''}\n\nFix this on the same branch and keep the pull request open.`;
      return {
        fallback: previous.fallback,
        followUp: result.sessionId ? { sessionId: result.sessionId, instructions } : undefined,
      };
    }
    await this.finishTask(task.id, 'failed', `${kind}: ${message}`, actionForFailure(kind, message));
    logger.warning(`Task ${task.id}: failed (${kind}: ${message})`);
    return 'done';
  }

  private choose(
    task: Task,
    history: History,
    next: NextAttempt,
  ): { descriptor?: ExecutorDescriptor; reason: string } {
    const available = this.deps.availability();
    const expectedCostUsd = {
      local: this.deps.expectedCostUsd('local', task, history),
      cloud: this.deps.expectedCostUsd('cloud', task, history),
    };
    const input = {
      task,
      available,
      expectedCostUsd,
      history,
      maxCostPerTaskUsd: this.settings.maxCostPerTaskUsd,
    };
    const choice = next.fallback
      ? {
          location: available.local.ok ? ('local' as const) : null,
          reason: available.local.ok
            ? next.fallback.reason
            : `${next.fallback.reason}, but ${available.local.reason ?? 'local execution is unavailable'}`,
        }
      : this.deps.strategy.choose(input);
    if (!choice.location) return { reason: choice.reason };
    const descriptor = this.deps.registry.byLocation(choice.location)[0];
    return descriptor
      ? { descriptor, reason: choice.reason }
      : { reason: `${choice.reason}, but no ${choice.location} executor is registered` };
  }

  /** Claude stops at the per-task cap, so the cap is what it can spend; Codegen is reserved at its estimate. */
  private reservation(descriptor: ExecutorDescriptor, task: Task, history: History): number {
    const expected = this.deps.expectedCostUsd(descriptor.location, task, history);
    const cap = this.settings.maxCostPerTaskUsd;
    return descriptor.location === 'local' && cap !== undefined ? cap : expected;
  }

  private async execute(
    descriptor: ExecutorDescriptor,
    task: Task,
    number: number,
    context: ExecutionContext,
  ): Promise<ExecutionResult | 'detached'> {
    const executor = descriptor.create();
    let detached = false;
    const recordStart = async (event: Extract<ProgressEvent, { type: 'started' }>) => {
      await this.updateAttempt(task.id, number, (a) => ({
        ...a,
        sessionId: event.sessionId,
        status: 'running',
        ...(event.codegenRepo ? { codegenRepo: event.codegenRepo } : {}),
      }));
      // Without waiting, the cloud run carries on by itself; later events pick it up from the ledger.
      if (!this.settings.wait && descriptor.location === 'cloud') {
        detached = true;
        await executor.stop();
      }
    };
    const pending: Promise<unknown>[] = [];
    const onProgress = (event: ProgressEvent) => {
      if (event.type === 'started')
        pending.push(
          recordStart(event).catch((e: unknown) => this.deps.logger.warning(`ledger: ${errorMessage(e)}`)),
        );
      else if (event.type === 'status')
        this.deps.logger.debug(`Task ${task.id}: ${descriptor.name} ${event.raw ?? event.status}`);
    };
    const heartbeat = descriptor.location === 'local' ? this.heartbeat(task.id, number) : undefined;
    try {
      const result = await executor.executeStreaming(task.prompt, context, onProgress);
      await Promise.all(pending);
      return detached ? 'detached' : result;
    } catch (error) {
      await Promise.all(pending);
      const at = this.now();
      return {
        executor: descriptor.name,
        sessionId: null,
        status: 'failed',
        success: false,
        pullRequest: null,
        branch: context.branch,
        cost: { usd: 0, estimated: true, basis: 'nothing was spent: the executor failed before running' },
        durationMs: 0,
        startedAt: at,
        finishedAt: at,
        failure: { kind: 'internal', message: errorMessage(error) },
      };
    } finally {
      heartbeat?.abort();
    }
  }

  /** Keeps a local attempt's heartbeat fresh, so a job that dies is noticed and its task retried. */
  private heartbeat(taskId: string, number: number): AbortController {
    const stop = new AbortController();
    const every = (this.settings.liveness ?? DEFAULT_LIVENESS).heartbeatMs;
    void (async () => {
      while (!stop.signal.aborted) {
        await this.deps.clock.sleep(every, stop.signal).catch(() => undefined);
        if (stop.signal.aborted) return;
        await this.updateAttempt(taskId, number, (a) => ({ ...a, heartbeatAt: this.now() })).catch(
          () => undefined,
        );
      }
    })();
    return stop;
  }

  private async claim(taskId: string, attempt: AttemptRecord, fields: Partial<TaskRecord>): Promise<boolean> {
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

  private finishAttempt(
    taskId: string,
    number: number,
    result: ExecutionResult,
    status: 'succeeded' | 'failed',
  ): Promise<void> {
    return this.updateTask(taskId, (t) => withAttemptFinished(t, number, result, status));
  }

  private async updateAttempt(
    taskId: string,
    number: number,
    change: (a: AttemptRecord) => AttemptRecord,
  ): Promise<void> {
    await this.updateTask(taskId, (t) => ({
      ...t,
      attempts: t.attempts.map((a) => (a.number === number ? change(a) : a)),
    }));
  }

  private finishTask(taskId: string, state: 'failed', note: string, action?: TaskAction): Promise<void> {
    return this.updateTask(taskId, (t) => ({ ...t, state, note, action }));
  }

  private async updateTask(taskId: string, change: (t: TaskRecord) => TaskRecord): Promise<void> {
    const record = await this.deps.ledger.updateIssue(this.issue.identifier, (r) => {
      const task = r.tasks[taskId];
      return task ? withTask(r, taskId, { ...change(task), updatedAt: this.now() }) : UNCHANGED;
    });
    await this.deps.onRecord?.(record);
  }

  private async read(): Promise<IssueRecord> {
    const record = await this.deps.ledger.readIssue(this.issue.identifier);
    if (!record) throw new Error(`no ledger record for ${this.issue.identifier}`);
    return record;
  }

  private now(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }
}

/** The task with attempt `number` closed on `result`. */
function withAttemptFinished(
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

/**
 * The verdict on a PR, where a validation that cannot run (GitHub unreachable, no checkout) is a
 * timed-out verdict with the reason: it ends the attempt instead of escaping the task's flow.
 */
export async function verifySafely(
  deps: OrchestratorDependencies,
  task: Task,
  result: ExecutionResult,
): Promise<PullRequestVerdict> {
  if (!deps.verify) return { verdict: 'passed', reasons: [] };
  try {
    return await deps.verify(task, result);
  } catch (error) {
    return { verdict: 'timed_out', reasons: [`validation could not run: ${errorMessage(error)}`] };
  }
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

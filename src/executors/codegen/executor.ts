import type { AgentRun } from '../../codegen/index.js';
import {
  ExecutionContext,
  ExecutionResult,
  type ExecutionStatus,
  type ProgressEvent,
  type TaskExecutor,
} from '../../domain/index.js';
import type { Clock } from '../../util/clock.js';
import { errorMessage } from '../../util/errors.js';
import { estimateCodegenCost } from './cost.js';
import { dispatchRun, parseRunId, preflight } from './dispatch.js';
import { followRun } from './follow.js';
import { noteNoMcpSwitch } from './mcp-note.js';
import type { CodegenExecutorOptions } from './options.js';
import { isLinearIdentifier } from './prompt.js';
import { confirmPullRequest } from './pull-request.js';
import { type CodegenRepoRef, repoMemo } from './repo-ref.js';
import { type FailureVerdict, type FollowOutcome, failureFromError, failureFromOutcome } from './result.js';
import { withCodegenTrace } from './trace.js';

type Extra = Partial<ExecutionResult> & { ranUntil?: number };
type Finish = (
  run: AgentRun | undefined,
  sentAt: number | undefined,
  verdict: FailureVerdict | undefined,
  extra?: Extra,
) => ExecutionResult;

interface Active {
  runId?: number;
  stop: () => void;
  done: Promise<unknown>;
}

/** Runs one task as a Codegen cloud agent run and follows it to a PR confirmed on GitHub. */
export class CodegenExecutor implements TaskExecutor {
  readonly name: string;
  private readonly clock: Clock;
  private active: Active | undefined;
  /** The repo id this execution's run was sent with, when resolved (recorded with the dispatch). */
  private sentRepo: CodegenRepoRef | undefined;
  private lastResult: ExecutionResult | undefined;

  constructor(private readonly options: CodegenExecutorOptions) {
    this.name = options.name ?? 'codegen';
    this.clock = options.client.clock;
  }

  execute(prompt: string, context: ExecutionContext): Promise<ExecutionResult> {
    return this.executeStreaming(prompt, context, () => {});
  }

  async executeStreaming(
    prompt: string,
    context: ExecutionContext,
    onProgress: (event: ProgressEvent) => void,
  ): Promise<ExecutionResult> {
    if (this.active) {
      throw new Error('this Codegen executor is already running a task; create one per execution');
    }
    const checked = ExecutionContext.parse(context);
    noteNoMcpSwitch(this.options.settings, this.options.logger);
    const halt = new AbortController();
    const active: Active = { stop: () => halt.abort('stopped'), done: Promise.resolve() };
    this.active = active;
    const emit = (event: ProgressEvent) => {
      try {
        onProgress(event);
      } catch (error) {
        this.options.logger.warning(`a progress listener threw: ${errorMessage(error)}`);
      }
    };
    const work = this.run(prompt, checked, halt, emit, active);
    // stop() only waits for the work to end; its error is the caller's, through `await work`.
    active.done = work.catch(() => undefined);
    try {
      const result = await withCodegenTrace(await work, { ...this.options, deadline: checked.deadline });
      this.lastResult = result;
      emit({ type: 'finished', at: this.iso(), taskId: context.task.id, status: result.status });
      return result;
    } finally {
      this.active = undefined;
    }
  }

  isRunning(): boolean {
    return this.active !== undefined;
  }

  /** Codegen has no stop endpoint: this stops following the run, and the result says so. */
  async stop(): Promise<void> {
    const active = this.active;
    if (!active) return;
    this.options.logger.warning(
      `stopping: no longer following Codegen run ${active.runId ?? '(not started)'}; Codegen has no stop endpoint, so it may go on in the cloud`,
    );
    active.stop();
    await active.done;
  }

  async getStatus(sessionId: string): Promise<ExecutionStatus> {
    if (this.lastResult?.sessionId === sessionId) return this.lastResult.status;
    const snapshot = await this.options.monitor.read(parseRunId(sessionId));
    return snapshot.status.status;
  }

  private iso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  private async run(
    goal: string,
    context: ExecutionContext,
    halt: AbortController,
    emit: (event: ProgressEvent) => void,
    active: Active,
  ): Promise<ExecutionResult> {
    const { client, logger } = this.options;
    const startedAt = this.clock.now();
    const deadlineTimer = new AbortController();
    sleepUntil(this.clock, context.deadline, deadlineTimer.signal).then(
      () => halt.abort('deadline'),
      () => undefined,
    );
    const finish: Finish = (run, sentAt, verdict, extra = {}) =>
      this.result(context, startedAt, run, sentAt, verdict, extra);

    try {
      const refusal = preflight(this.options, context);
      if (refusal) return finish(undefined, undefined, refusal);
      if (
        isLinearIdentifier(context.issue.identifier) &&
        !context.branch.includes(context.issue.identifier.toLowerCase())
      ) {
        logger.warning(
          `branch ${context.branch} does not contain ${context.issue.identifier.toLowerCase()}; Linear may not link the PR`,
        );
      }

      const sentAt = this.clock.now();
      let run: AgentRun;
      try {
        run = await dispatchRun(this.options, goal, context, halt.signal, (repo) => {
          this.sentRepo = repo;
        });
      } catch (error) {
        return finish(
          undefined,
          undefined,
          halt.signal.aborted ? notStarted(halt.signal.reason, error) : failureFromError(error),
        );
      }
      active.runId = run.id;
      logger.info(
        `task ${context.task.id}: Codegen run ${run.id} ${String(run.id) === context.followUp?.sessionId ? 'resumed' : 'started'}${run.web_url ? ` (${run.web_url})` : ''}`,
      );
      emit({
        type: 'started',
        at: this.iso(),
        taskId: context.task.id,
        sessionId: String(run.id),
        webUrl: run.web_url ?? undefined,
        remember: repoMemo(this.sentRepo),
      });

      const outcome = await followRun({
        client,
        monitor: this.options.monitor,
        clock: this.clock,
        logger,
        context,
        run,
        sentAt,
        halt: halt.signal,
        emit,
        pauseNudges: this.options.pauseNudges ?? 1,
        pausedGraceMs: this.options.pausedGraceMs ?? 10 * 60_000,
      });
      const finalRun = outcome.snapshot?.run ?? run;
      return await this.conclude(outcome, finalRun, sentAt, context, emit, finish);
    } finally {
      deadlineTimer.abort();
    }
  }

  private async conclude(
    outcome: FollowOutcome,
    run: AgentRun,
    sentAt: number,
    context: ExecutionContext,
    emit: (event: ProgressEvent) => void,
    finish: Finish,
  ): Promise<ExecutionResult> {
    const verdict = failureFromOutcome(outcome, run.id);
    if (verdict || outcome.type !== 'terminal') return finish(run, sentAt, verdict);
    const ranUntil = this.clock.now();
    try {
      const check = await confirmPullRequest(run, context, this.options.gateway);
      if (!check.confirmed)
        return finish(
          run,
          sentAt,
          { status: 'failed', failure: { kind: 'no_pull_request', message: check.reason } },
          { ranUntil },
        );
      for (const note of check.notes) this.options.logger.warning(`task ${context.task.id}: ${note}`);
      emit({ type: 'pull_request', at: this.iso(), taskId: context.task.id, pullRequest: check.pullRequest });
      return finish(run, sentAt, undefined, {
        pullRequest: check.pullRequest,
        branch: check.pullRequest.headBranch,
        ranUntil,
      });
    } catch (error) {
      const message = `Codegen run ${run.id} finished, but its PR could not be checked on GitHub: ${errorMessage(error)}`;
      return finish(run, sentAt, { status: 'failed', failure: { kind: 'internal', message } }, { ranUntil });
    }
  }

  private result(
    context: ExecutionContext,
    startedAt: number,
    run: AgentRun | undefined,
    sentAt: number | undefined,
    verdict: FailureVerdict | undefined,
    extra: Extra,
  ): ExecutionResult {
    const now = this.clock.now();
    const { ranUntil, ...rest } = extra;
    const runMs = run && sentAt !== undefined ? (ranUntil ?? now) - sentAt : null;
    return ExecutionResult.parse({
      executor: this.name,
      sessionId: run ? String(run.id) : null,
      status: verdict?.status ?? 'succeeded',
      success: verdict === undefined,
      pullRequest: null,
      branch: run ? context.branch : null,
      cost: estimateCodegenCost(this.options.settings.pricing, runMs),
      durationMs: Math.max(0, now - startedAt),
      startedAt: new Date(startedAt).toISOString(),
      finishedAt: new Date(now).toISOString(),
      webUrl: run?.web_url ?? undefined,
      summary: run?.summary ?? run?.result ?? undefined,
      failure: verdict?.failure,
      ...rest,
    });
  }
}

/** Sleeps until clock time `at`, in steps a timer can hold (setTimeout overflows past ~24.8 days). */
async function sleepUntil(clock: Clock, at: number, signal: AbortSignal): Promise<void> {
  for (let left = at - clock.now(); left > 0; left = at - clock.now()) {
    await clock.sleep(Math.min(left, 2 ** 31 - 1), signal);
  }
}

/** Halted (deadline or stop) before Codegen accepted the run. */
function notStarted(reason: unknown, error: unknown): FailureVerdict {
  if (reason === 'stopped') {
    return {
      status: 'cancelled',
      failure: { kind: 'cancelled', message: 'stopped before Codegen accepted the run' },
    };
  }
  const message = `the job's deadline passed before Codegen accepted the run (${errorMessage(error)})`;
  return { status: 'timed_out', failure: { kind: 'deadline', message } };
}

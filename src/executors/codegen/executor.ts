import {
  type AgentRun,
  type AgentType,
  type CodegenClient,
  CodegenRequestError,
  type CodegenRunMonitor,
} from '../../codegen/index.js';
import {
  ExecutionContext,
  ExecutionResult,
  type ExecutionStatus,
  type ProgressEvent,
  type TaskExecutor,
} from '../../domain/index.js';
import type { GitHubGateway } from '../../github/index.js';
import type { Clock } from '../../util/clock.js';
import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { type CodegenPricing, estimateCodegenCost } from './cost.js';
import { followRun } from './follow.js';
import { noteNoMcpSwitch } from './mcp-note.js';
import { buildCodegenPrompt, buildFixRunPrompt, isLinearIdentifier, runMetadata } from './prompt.js';
import { confirmPullRequest } from './pull-request.js';
import type { CodegenRepoIdResolver } from './repo-id.js';
import { type CodegenRepoRef, rememberedRepo, repoMemo } from './repo-ref.js';
import { createRunInRepository } from './repo-run.js';
import { type FailureVerdict, type FollowOutcome, failureFromError, failureFromOutcome } from './result.js';
import { resumeIfPaused } from './resume.js';
import { withCodegenTrace } from './trace.js';

export interface CodegenExecutorSettings {
  pricing: CodegenPricing;
  agentType?: AgentType;
  model?: string;
  /** Codegen's id of the repository, when the org has several. */
  repoId?: number;
  /** `features.enableTracing`: each ended run's logs are read once and summarised on its result. */
  tracing?: boolean;
  /** `features.useMcpServers`: Codegen has no such switch, which the log says once. */
  mcpServers?: boolean;
}

export interface CodegenExecutorOptions {
  /** Shared by every task of the job (rate limits, circuit breaker). */
  client: CodegenClient;
  /** The job's one poller. */
  monitor: CodegenRunMonitor;
  /** Confirms PRs on GitHub; its repository must be the task's. */
  gateway: GitHubGateway;
  settings: CodegenExecutorSettings;
  logger: Logger;
  /** Registry name recorded in results. */
  name?: string;
  /** Times a PAUSED run is asked to carry on by itself before it counts as failed. */
  pauseNudges?: number;
  /** How long a run may then stay PAUSED before it counts as failed. */
  pausedGraceMs?: number;
  /** Finds the repository's Codegen id when settings.repoId is not configured. */
  repoIds?: CodegenRepoIdResolver;
}

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
    active.done = work.catch(() => undefined);
    try {
      const ended = await work;
      const { client, logger, settings } = this.options;
      const result = settings.tracing
        ? await withCodegenTrace(ended, { client, logger, deadline: checked.deadline })
        : ended;
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
      const refusal = this.preflight(context);
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
        run = await this.dispatch(goal, context, halt.signal);
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

  private preflight(context: ExecutionContext): FailureVerdict | undefined {
    const { gateway, client, settings } = this.options;
    const repo = gateway.repository;
    if (
      repo.owner.toLowerCase() !== context.repository.owner.toLowerCase() ||
      repo.repo.toLowerCase() !== context.repository.repo.toLowerCase()
    ) {
      const message = `the GitHub gateway is for ${repo.owner}/${repo.repo}, but the task is in ${context.repository.owner}/${context.repository.repo}`;
      return { status: 'failed', failure: { kind: 'internal', message } };
    }
    if (!client.isAvailable()) {
      const message = `Codegen is unavailable (circuit open after repeated failures: ${client.breaker.lastFailure}); run the task locally`;
      return { status: 'failed', failure: { kind: 'cloud_unavailable', message } };
    }
    if (context.maxCostUsd !== undefined && settings.pricing.perRunUsd > context.maxCostUsd) {
      const message = `a Codegen run is estimated at $${settings.pricing.perRunUsd.toFixed(2)}, above this task's budget of $${context.maxCostUsd.toFixed(2)}`;
      return { status: 'failed', failure: { kind: 'max_budget', message } };
    }
    return undefined;
  }

  private async dispatch(goal: string, context: ExecutionContext, signal: AbortSignal): Promise<AgentRun> {
    const { client, settings } = this.options;
    let prompt = buildCodegenPrompt(goal, context);
    if (context.followUp) {
      const runId = parseRunId(context.followUp.sessionId);
      const resumed = await resumeIfPaused(client, this.options.logger, runId, context, signal);
      if (resumed) return resumed;
      prompt = buildFixRunPrompt(goal, context.followUp.instructions, context);
    }
    // Without repo_id a run works in the org's default repository, which need not be this one.
    return createRunInRepository(
      (repo_id) =>
        client.createRun(
          {
            prompt,
            metadata: runMetadata(context),
            agent_type: settings.agentType,
            model: settings.model,
            repo_id,
          },
          { signal, dedupe: { key: 'ledgerKey', value: context.ledgerKey } },
        ),
      {
        configured: settings.repoId,
        resolver: this.options.repoIds,
        stored: rememberedRepo(context.remembered),
        logger: this.options.logger,
        signal,
        onRepo: (repo) => {
          this.sentRepo = repo;
        },
      },
    );
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

function parseRunId(sessionId: string): number {
  const id = Number(sessionId);
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new CodegenRequestError(`session "${sessionId}" (not a Codegen run id)`, 400);
  }
  return id;
}

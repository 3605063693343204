import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ExecutionContext,
  type ExecutionResult,
  type ExecutionStatus,
  type ProgressEvent,
  type TaskExecutor,
} from '../../domain/index.js';
import { type CommitIdentity, commitAll, commonDirOf, Git, type GitAuth, pushHead } from '../../git/index.js';
import type { GitHubGateway } from '../../github/index.js';
import { actionDirectories, type Sandbox } from '../../sandbox/index.js';
import { type Clock, systemClock } from '../../util/clock.js';
import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import {
  type AgentDir,
  agentDirWrapper,
  createAgentDir,
  enterAgentDir,
  leaveAgentDir,
  removeAgentDir,
} from './agent-dir.js';
import type { AgentOutcome, AgentStep } from './agent-step.js';
import { describeFailure, Interrupted, TaskFailure } from './failures.js';
import { commitMessage, openPullRequest } from './publish.js';
import { outcomeStatus, type WorktreeOutcome, worktreeResult } from './result.js';
import { actionRemote, startPoint } from './start-point.js';

export interface WorktreeExecutorOptions {
  /** Registry name, recorded in the ledger and reports. */
  name: string;
  github: GitHubGateway;
  /** Credentials for the action's own fetch and push (from extractPersistedCredentials or the job token). */
  gitAuth: GitAuth;
  /** Push/fetch URL; default: `origin`'s URL, read before any agent runs. */
  remoteUrl?: string;
  /** Parent directory of task worktrees (outside the checkout); default RUNNER_TEMP or the OS temp dir. */
  worktreeRoot?: string;
  /** Where the agent runs (a security rule): its own PID namespace, another user, an allow-listed environment. */
  sandbox: Sandbox;
  /** Further secrets (tokens the job holds) that must never reach the agent's environment. */
  secrets?: readonly string[];
  identity?: CommitIdentity;
  git?: Git;
  clock?: Clock;
  logger?: Logger;
}

const GIT_STEP_MS = 120_000;

/**
 * A local agent on the runner, sandboxed: one plain directory per task with the start commit's
 * files (agent-dir.ts). The agent step edits files there with no credentials; the action then
 * imports the tree into a git dir only it owns, commits, pushes with its own credentials, opens
 * (or reuses) the PR and confirms the branch and PR exist on GitHub. The directory is removed
 * afterwards whatever happened. One instance runs one execution at a time.
 */
export class WorktreeExecutor implements TaskExecutor {
  private readonly git: Git;
  private readonly clock: Clock;
  private running = false;
  private abort = new AbortController();
  private current: Promise<ExecutionResult> | undefined;
  private readonly sessions = new Map<string, ExecutionStatus>();

  constructor(
    private readonly options: WorktreeExecutorOptions,
    private readonly step: AgentStep,
  ) {
    this.git = options.git ?? new Git();
    this.clock = options.clock ?? systemClock;
  }

  execute(prompt: string, context: ExecutionContext): Promise<ExecutionResult> {
    return this.executeStreaming(prompt, context, () => {});
  }

  executeStreaming(
    prompt: string,
    context: ExecutionContext,
    onProgress: (event: ProgressEvent) => void,
  ): Promise<ExecutionResult> {
    if (this.running) {
      return Promise.reject(
        new Error(`this ${this.step.label} executor is already running a task; create one per execution`),
      );
    }
    const parsed = ExecutionContext.safeParse(context);
    if (!parsed.success)
      return Promise.reject(new Error(`invalid execution context: ${parsed.error.message}`));
    this.running = true;
    this.abort = new AbortController();
    const run = this.run(prompt, parsed.data, onProgress).finally(() => {
      this.running = false;
    });
    this.current = run;
    return run;
  }

  isRunning(): boolean {
    return this.running;
  }

  /** Stops the agent and any git step, and resolves once the directory is gone. */
  async stop(): Promise<void> {
    this.abort.abort(new Error('stopped'));
    // Only waits for the run to end: its error is executeStreaming's caller's.
    await this.current?.catch(() => undefined);
  }

  /** A local session lives only in this process: one this executor does not know is not running. */
  async getStatus(sessionId: string): Promise<ExecutionStatus> {
    return this.sessions.get(sessionId) ?? 'failed';
  }

  private async run(
    prompt: string,
    context: ExecutionContext,
    onProgress: (event: ProgressEvent) => void,
  ): Promise<ExecutionResult> {
    const { logger, sandbox } = this.options;
    const { label } = this.step;
    const startedAt = this.clock.now();
    const taskId = context.task.id;
    const at = () => new Date(this.clock.now()).toISOString();
    const emit = (event: ProgressEvent) => {
      try {
        onProgress(event);
      } catch (error) {
        logger?.warning(`progress listener failed: ${errorMessage(error)}`);
      }
    };
    let sessionId: string | null = context.followUp?.sessionId ?? null;
    let agent: AgentOutcome | undefined;
    let pushedBranch: string | null = null;

    const finish = (outcome: WorktreeOutcome): ExecutionResult => {
      const status = outcomeStatus(outcome);
      if (sessionId) this.sessions.set(sessionId, status);
      const result = worktreeResult(outcome, {
        executor: this.options.name,
        label,
        sessionId,
        agent,
        pushedBranch,
        startedAt,
        finishedAt: this.clock.now(),
      });
      emit({ type: 'finished', at: at(), taskId, status });
      logger?.info(
        `${context.issue.identifier}/${taskId} (${this.options.name}): ${status}${
          'failure' in outcome
            ? ` [${outcome.failure.kind}] ${outcome.failure.message}`
            : ` ${result.pullRequest?.url}`
        }`,
      );
      return result;
    };

    const checkpoint = (step: string) => {
      if (this.abort.signal.aborted) throw new Interrupted('cancelled', `stopped before ${step}`);
      if (this.clock.now() >= context.deadline) {
        throw new Interrupted(
          'deadline',
          `the deadline (${new Date(context.deadline).toISOString()}) passed before ${step}`,
        );
      }
    };
    const stepBound = () => ({
      timeoutMs: Math.max(1000, Math.min(GIT_STEP_MS, context.deadline - this.clock.now())),
      signal: this.abort.signal,
    });

    let dir: AgentDir | undefined;
    let privateDir: string | undefined;
    try {
      // Security rule: the checkout's persisted credentials go before any agent runs; only our push uses them.
      checkpoint('preparing the agent directory');
      const { auth, remoteUrl, target } = await actionRemote(this.git, context.workingDirectory, {
        gitAuth: this.options.gitAuth,
        ...(this.options.remoteUrl ? { remoteUrl: this.options.remoteUrl } : {}),
        ...(logger ? { logger } : {}),
        bound: stepBound,
      });
      const commonDir = await commonDirOf(this.git, context.workingDirectory);
      const root = this.options.worktreeRoot ?? process.env.RUNNER_TEMP ?? tmpdir();

      checkpoint('fetching the base branch');
      const start = await startPoint(this.git, context, target, stepBound);
      dir = await createAgentDir({
        git: this.git,
        root,
        branch: context.branch,
        target,
        startBranch: start.branch,
        objectsFrom: join(commonDir, 'objects'),
        ...stepBound(),
      });
      logger?.info(
        `${context.issue.identifier}/${taskId}: sandboxed directory ${dir.path} on ${context.branch} from ${start.description}`,
      );

      checkpoint(`running ${label}`);
      const hidden = actionDirectories(process.env, [context.workingDirectory, root]);
      const wrap = await enterAgentDir(dir, sandbox, hidden, this.step.readOnlyMounts);
      const inside = dir;
      privateDir = await mkdtemp(join(root, 'cyrus-private-'));
      let started = false;
      agent = await this.step.run({
        prompt,
        context,
        cwd: dir.path,
        home: dir.home,
        wrap,
        wrapWith: (more) => agentDirWrapper(inside, sandbox, hidden, [...this.step.readOnlyMounts, ...more]),
        privateDir,
        secrets: [...auth.secretValues(), ...(this.options.secrets ?? [])],
        signal: this.abort.signal,
        clock: this.clock,
        emit,
        onSession: (id) => {
          if (started) return;
          started = true;
          sessionId = id;
          this.sessions.set(id, 'running');
          emit({ type: 'started', at: at(), taskId, sessionId: id });
          emit({ type: 'status', at: at(), taskId, sessionId: id, status: 'running' });
        },
      });
      sessionId = agent.sessionId ?? sessionId;
      await leaveAgentDir(dir, sandbox, logger);
      if (!agent.success) {
        const failure = agent.failure ?? { kind: 'agent_error', message: `${label} did not finish the task` };
        throw new TaskFailure(failure.kind, failure.message);
      }

      checkpoint('committing');
      const commit = await commitAll(dir.repo.git, {
        cwd: dir.repo.gitDir,
        baseSha: dir.baseSha,
        message: commitMessage(context, label, sessionId),
        ...(this.options.identity ? { identity: this.options.identity } : {}),
        ...stepBound(),
      });
      if (commit.commitsAhead === 0) {
        throw new TaskFailure(
          'no_pull_request',
          `${label} finished (${agent.ending}) but changed no file on ${context.branch}, so there is nothing to commit and no pull request was opened`,
        );
      }

      checkpoint('pushing');
      await pushHead(dir.repo.git, dir.repo.gitDir, target, context.branch, stepBound());
      pushedBranch = context.branch;

      checkpoint('opening the pull request');
      const pr = await openPullRequest(
        this.options.github,
        context,
        remoteUrl,
        {
          writtenBy: label,
          sessionId,
          changedFiles: commit.changedFiles,
          ...(agent.summary ? { summary: agent.summary } : {}),
        },
        logger,
      );
      emit({ type: 'pull_request', at: at(), taskId, pullRequest: pr });
      return finish({
        pullRequest: pr,
        ...(agent.summary ? { summary: agent.summary.slice(0, 2000) } : {}),
      });
    } catch (error) {
      const state = {
        aborted: this.abort.signal.aborted,
        pastDeadline: this.clock.now() >= context.deadline,
      };
      return finish({ failure: describeFailure(error, state) });
    } finally {
      if (privateDir) await rm(privateDir, { recursive: true, force: true, maxRetries: 3 });
      if (dir) {
        const gone = dir;
        await removeAgentDir(gone, sandbox).catch((error: unknown) => {
          logger?.warning(`could not remove ${gone.path}: ${errorMessage(error)}`);
        });
      }
    }
  }
}

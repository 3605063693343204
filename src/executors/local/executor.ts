import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ClaudeCredentials,
  type ClaudeRunResult,
  runClaude,
  SANDBOX_MCP_CONFIG,
  type StreamMessage,
  StreamTrace,
  toolUses,
} from '../../claude/index.js';
import {
  ExecutionContext,
  type ExecutionResult,
  type ExecutionStatus,
  type FailureKind,
  type ProgressEvent,
  type PullRequestRef,
  type TaskExecutor,
} from '../../domain/index.js';
import {
  type CommitIdentity,
  commitAll,
  commonDirOf,
  extractPersistedCredentials,
  Git,
  GitAbortedError,
  type GitAuth,
  GitTimeoutError,
  pushHead,
  type RemoteTarget,
  remoteBranchSha,
  UnsafeTreeError,
} from '../../git/index.js';
import type { GitHubGateway, PullRequestInfo } from '../../github/index.js';
import {
  actionDirectories,
  type CommandWrapper,
  SANDBOX_BIN_DIR,
  type Sandbox,
} from '../../sandbox/index.js';
import { type Clock, systemClock } from '../../util/clock.js';
import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { type AgentDir, createAgentDir, enterAgentDir, leaveAgentDir, removeAgentDir } from './agent-dir.js';
import { agentEnvironment, sandboxedAgentEnvironment } from './environment.js';
import { buildFollowUpPrompt, buildFreshFollowUpPrompt, buildTaskPrompt } from './prompt.js';
import { pullRequestBody, pullRequestTitle } from './pull-request.js';
import { describeRefusal } from './pull-request-refusal.js';
import { DEFAULT_LOCAL_TOOLS, toolFlags } from './tools.js';

export const LOCAL_EXECUTOR_NAME = 'claude-code';

export interface ClaudeSettings {
  /** The `claude` executable (resolveClaudeBinary). */
  binary: string;
  /** The only secret the agent gets. */
  credentials: ClaudeCredentials;
  model?: string;
  /** Configured allowed tools; the model is offered exactly these (by base name). */
  allowedTools?: readonly string[];
  maxTurns?: number;
  /** Where the agent's environment is built from (allow-listed); process.env by default. */
  sourceEnv?: NodeJS.ProcessEnv;
  /** `features.enableTracing`: the stream's tool calls, turns, time and cost go on the result. */
  tracing?: boolean;
  /** The base branch's MCP servers file (`features.useMcpServers`), mounted read-only for the CLI. */
  mcpConfig?: string;
}

export interface LocalExecutorOptions {
  github: GitHubGateway;
  claude: ClaudeSettings;
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
  name?: string;
  git?: Git;
  clock?: Clock;
  logger?: Logger;
}

/** A step stopped by the run's deadline or by stop(): reported as that, not as an error. */
class Interrupted extends Error {
  constructor(
    readonly kind: 'deadline' | 'cancelled',
    message: string,
  ) {
    super(message);
  }
}

/** A failure with a known kind and a message for the report. */
class TaskFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
  }
}

const GIT_STEP_MS = 120_000;

function statusOf(kind: FailureKind): ExecutionStatus {
  if (kind === 'deadline') return 'timed_out';
  if (kind === 'cancelled') return 'cancelled';
  return 'failed';
}

/**
 * Claude Code on the runner, sandboxed: one plain directory per task with the start commit's
 * files (agent-dir.ts). Claude edits files there with the configured tools and no credentials;
 * the action then imports the tree into a git dir only it owns, commits, pushes with its own
 * credentials, opens (or reuses) the PR and confirms the branch and PR exist on GitHub. The
 * directory is removed afterwards whatever happened. One instance runs one execution at a time.
 */
export class ClaudeCodeExecutor implements TaskExecutor {
  private readonly git: Git;
  private readonly clock: Clock;
  private readonly name: string;
  private running = false;
  private abort = new AbortController();
  private current: Promise<ExecutionResult> | undefined;
  private readonly sessions = new Map<string, ExecutionStatus>();

  constructor(private readonly options: LocalExecutorOptions) {
    this.git = options.git ?? new Git();
    this.clock = options.clock ?? systemClock;
    this.name = options.name ?? LOCAL_EXECUTOR_NAME;
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
        new Error('this ClaudeCodeExecutor is already running a task; create one per execution'),
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

  /** Stops Claude and any git step, and resolves once the worktree is gone. */
  async stop(): Promise<void> {
    this.abort.abort(new Error('stopped'));
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
    const { logger } = this.options;
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
    let claude: ClaudeRunResult | undefined;
    let pushedBranch: string | null = null;
    const trace = this.options.claude.tracing ? new StreamTrace() : undefined;

    const finish = (
      outcome:
        | { pullRequest: PullRequestRef; summary?: string }
        | { failure: { kind: FailureKind; message: string } },
    ): ExecutionResult => {
      const status: ExecutionStatus = 'failure' in outcome ? statusOf(outcome.failure.kind) : 'succeeded';
      if (sessionId) this.sessions.set(sessionId, status);
      const finishedAt = this.clock.now();
      const result: ExecutionResult = {
        executor: this.name,
        sessionId,
        status,
        success: status === 'succeeded',
        pullRequest: 'pullRequest' in outcome ? outcome.pullRequest : null,
        branch: pushedBranch,
        cost: {
          usd: claude?.costUsd ?? 0,
          estimated: false,
          basis: claude ? 'reported by Claude Code (total_cost_usd)' : 'Claude Code did not run',
        },
        durationMs: Math.max(0, finishedAt - startedAt),
        startedAt: new Date(startedAt).toISOString(),
        finishedAt: new Date(finishedAt).toISOString(),
      };
      if (claude) result.turns = claude.turns;
      if (claude && trace) result.trace = trace.summary(claude.durationMs);
      if ('failure' in outcome) result.failure = outcome.failure;
      const summary = 'pullRequest' in outcome ? outcome.summary : outcome.failure.message;
      if (summary) result.summary = summary;
      emit({ type: 'finished', at: at(), taskId, status });
      logger?.info(
        `${context.issue.identifier}/${taskId} (${this.name}): ${status}${
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
    const { sandbox } = this.options;
    try {
      // Security rule: the checkout's persisted credentials go before any agent runs; only our push uses them.
      checkpoint('preparing the agent directory');
      const extracted = await extractPersistedCredentials(context.workingDirectory, {
        git: this.git,
        ...(logger ? { logger } : {}),
      });
      const auth = this.options.gitAuth.merge(extracted);
      const remoteUrl =
        this.options.remoteUrl ??
        (await this.git.text(['remote', 'get-url', 'origin'], {
          cwd: context.workingDirectory,
          ...stepBound(),
        }));
      const target: RemoteTarget = { url: remoteUrl, auth };
      const commonDir = await commonDirOf(this.git, context.workingDirectory);
      const root = this.options.worktreeRoot ?? process.env.RUNNER_TEMP ?? tmpdir();

      checkpoint('fetching the base branch');
      const start = await this.startPoint(context, target, stepBound);
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

      checkpoint('running Claude Code');
      const claudeInSandbox = join(SANDBOX_BIN_DIR, 'claude');
      const wrap = await enterAgentDir(
        dir,
        sandbox,
        actionDirectories(process.env, [context.workingDirectory, root]),
        [
          { source: this.options.claude.binary, dest: claudeInSandbox },
          ...(this.options.claude.mcpConfig
            ? [{ source: this.options.claude.mcpConfig, dest: SANDBOX_MCP_CONFIG }]
            : []),
        ],
      );
      const env = sandboxedAgentEnvironment(
        agentEnvironment(
          this.options.claude.sourceEnv ?? process.env,
          this.options.claude.credentials,
          [...auth.secretValues(), ...(this.options.secrets ?? [])],
          logger,
        ),
        dir.home,
      );
      let started = false;
      const onMessage = (message: StreamMessage) => {
        trace?.observe(message);
        const id =
          'session_id' in message && typeof message.session_id === 'string' ? message.session_id : null;
        if (id && !started) {
          started = true;
          sessionId = id;
          this.sessions.set(id, 'running');
          emit({ type: 'started', at: at(), taskId, sessionId: id });
          emit({ type: 'status', at: at(), taskId, sessionId: id, status: 'running' });
        }
        if (message.type === 'assistant') {
          for (const tool of toolUses(message)) emit({ type: 'tool', at: at(), taskId, name: tool.name });
        }
      };
      claude = await this.runAgent(prompt, context, dir.path, env, onMessage, claudeInSandbox, wrap);
      sessionId = claude.sessionId ?? sessionId;
      await leaveAgentDir(dir, sandbox, logger);
      if (!claude.success) {
        throw new TaskFailure(
          claude.failureKind ?? 'agent_error',
          `Claude Code did not finish the task: ${claude.stoppedBy}`,
        );
      }

      checkpoint('committing');
      const commit = await commitAll(dir.repo.git, {
        cwd: dir.repo.gitDir,
        baseSha: dir.baseSha,
        message: commitMessage(context, sessionId),
        ...(this.options.identity ? { identity: this.options.identity } : {}),
        ...stepBound(),
      });
      if (commit.commitsAhead === 0) {
        throw new TaskFailure(
          'no_pull_request',
          `Claude Code finished (${claude.stoppedBy}) but changed no file on ${context.branch}, so there is nothing to commit and no pull request was opened`,
        );
      }

      checkpoint('pushing');
      await pushHead(dir.repo.git, dir.repo.gitDir, target, context.branch, stepBound());
      pushedBranch = context.branch;

      checkpoint('opening the pull request');
      const pr = await this.openPullRequest(context, remoteUrl, {
        sessionId,
        changedFiles: commit.changedFiles,
        ...(claude.resultText ? { summary: claude.resultText } : {}),
      });
      emit({ type: 'pull_request', at: at(), taskId, pullRequest: pr });
      return finish({
        pullRequest: pr,
        ...(claude.resultText ? { summary: claude.resultText.slice(0, 2000) } : {}),
      });
    } catch (error) {
      return finish({ failure: this.describeFailure(error, context) });
    } finally {
      if (dir) {
        const gone = dir;
        await removeAgentDir(gone, sandbox).catch((error: unknown) => {
          logger?.warning(`could not remove ${gone.path}: ${errorMessage(error)}`);
        });
      }
    }
  }

  /** Continue an earlier push of this branch if there is one; else start from the base branch. */
  private async startPoint(
    context: ExecutionContext,
    target: RemoteTarget,
    bound: () => { timeoutMs: number; signal: AbortSignal },
  ): Promise<{ branch: string; description: string }> {
    const repo = context.workingDirectory;
    if (await remoteBranchSha(this.git, repo, target, context.branch, bound())) {
      return { branch: context.branch, description: `its earlier push (${context.branch})` };
    }
    if (!(await remoteBranchSha(this.git, repo, target, context.baseBranch, bound()))) {
      throw new TaskFailure(
        'internal',
        `the base branch ${context.baseBranch} does not exist on ${redactUrl(target.url)}; a dependent task needs its prerequisite's branch pushed first`,
      );
    }
    return { branch: context.baseBranch, description: context.baseBranch };
  }

  private async runAgent(
    prompt: string,
    context: ExecutionContext,
    cwd: string,
    env: Record<string, string>,
    onMessage: (message: StreamMessage) => void,
    binary: string,
    wrap: CommandWrapper,
  ): Promise<ClaudeRunResult> {
    const settings = this.options.claude;
    const flags = toolFlags(settings.allowedTools ?? DEFAULT_LOCAL_TOOLS);
    const common = {
      binary,
      wrap,
      untrustedContent: true,
      cwd,
      env,
      deadline: context.deadline,
      clock: this.clock,
      signal: this.abort.signal,
      onMessage,
      tools: flags.tools,
      allowedTools: flags.allowedTools,
      ...(settings.model ? { model: settings.model } : {}),
      ...(settings.mcpConfig ? { mcpConfig: SANDBOX_MCP_CONFIG } : {}),
      ...(settings.maxTurns ? { maxTurns: settings.maxTurns } : {}),
      ...(context.maxCostUsd ? { maxBudgetUsd: context.maxCostUsd } : {}),
      ...(this.options.logger ? { logger: this.options.logger } : {}),
    };
    const followUp = context.followUp;
    if (!followUp) return runClaude({ ...common, prompt: buildTaskPrompt(prompt, context) });
    const resumed = await runClaude({
      ...common,
      prompt: buildFollowUpPrompt(followUp.instructions, context),
      resumeSessionId: followUp.sessionId,
    });
    // The session lives on the runner that made it; elsewhere the CLI cannot resume it.
    const notResumable = !resumed.success && resumed.turns === 0 && resumed.failureKind === 'agent_error';
    if (!notResumable) return resumed;
    this.options.logger?.info(
      `session ${followUp.sessionId} cannot be resumed here (${resumed.stoppedBy}); starting a new one on the same branch`,
    );
    return runClaude({ ...common, prompt: buildFreshFollowUpPrompt(prompt, followUp.instructions, context) });
  }

  /** Reuse the open PR of this branch, else open one; then confirm branch and PR on GitHub. */
  private async openPullRequest(
    context: ExecutionContext,
    remoteUrl: string,
    facts: { sessionId: string | null; changedFiles: readonly string[]; summary?: string },
  ): Promise<PullRequestRef> {
    const { github } = this.options;
    const existing = await github.findPullRequestByBranch(context.branch);
    let pr: PullRequestInfo;
    if (existing && existing.state === 'open') {
      pr = existing;
      this.options.logger?.info(`reusing pull request #${pr.number} for ${context.branch}`);
    } else {
      pr = await github
        .createPullRequest({
          title: pullRequestTitle(context),
          body: pullRequestBody(context, facts),
          head: context.branch,
          base: context.baseBranch,
        })
        .catch((error: unknown) => {
          const where = { remoteUrl, base: context.baseBranch, branch: context.branch };
          const refusal = describeRefusal(error, where);
          throw refusal ? new TaskFailure('pull_request_refused', refusal.message) : error;
        });
    }
    // Success is what GitHub shows, not what we sent.
    if (!(await github.branchExists(context.branch))) {
      throw new TaskFailure(
        'no_pull_request',
        `the push reported success but GitHub does not show branch ${context.branch}`,
      );
    }
    const confirmed = await github.getPullRequest(pr.number);
    if (!confirmed || confirmed.headRef !== context.branch) {
      throw new TaskFailure(
        'no_pull_request',
        `GitHub does not show pull request #${pr.number} with head ${context.branch} after it was opened`,
      );
    }
    return {
      number: confirmed.number,
      url: confirmed.url,
      headBranch: confirmed.headRef,
      title: confirmed.title,
    };
  }

  private describeFailure(error: unknown, context: ExecutionContext): { kind: FailureKind; message: string } {
    if (error instanceof TaskFailure) return { kind: error.kind, message: error.message };
    if (error instanceof UnsafeTreeError) return { kind: 'agent_error', message: error.message };
    if (error instanceof Interrupted) return { kind: error.kind, message: error.message };
    if (error instanceof GitAbortedError || this.abort.signal.aborted) {
      return { kind: 'cancelled', message: `stopped: ${errorMessage(error)}` };
    }
    if (error instanceof GitTimeoutError && this.clock.now() >= context.deadline) {
      return { kind: 'deadline', message: `the deadline passed during ${errorMessage(error)}` };
    }
    return { kind: 'internal', message: errorMessage(error) };
  }
}

function commitMessage(context: ExecutionContext, sessionId: string | null): string {
  return [
    `${context.issue.identifier}: ${context.task.title}`,
    '',
    `Subtask ${context.task.id} of ${context.issue.identifier}, attempt ${context.attempt}.`,
    `Written by Claude Code${sessionId ? ` (session ${sessionId})` : ''}; committed by codegen-action.`,
  ].join('\n');
}

function redactUrl(url: string): string {
  return url.replace(/:\/\/[^/@\s]+@/, '://***@');
}

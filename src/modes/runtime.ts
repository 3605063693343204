import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildClaudeEnv, type ClaudeCredentials, resolveClaudeBinary } from '../claude/index.js';
import { CodegenClient, CodegenRunMonitor } from '../codegen/index.js';
import type { ResolvedConfig } from '../config/index.js';
import { type ExecutorLocation, ExecutorRegistry, type RepositoryRef, type Task } from '../domain/index.js';
import {
  CodegenRepoIdResolver,
  codegenExecutorDescriptor,
  codegenSettingsFrom,
  expectedCodegenCost,
} from '../executors/codegen/index.js';
import { localExecutorDescriptor } from '../executors/local/index.js';
import { extractPersistedCredentials, GitAuth } from '../git/index.js';
import {
  createGitHubClient,
  type GitHubClient,
  type GitHubGateway,
  GitHubRequestCounter,
  OctokitGitHubGateway,
} from '../github/index.js';
import { GitHubBranchStore, Ledger, type LedgerStore } from '../ledger/index.js';
import type { LinearGateway } from '../linear/index.js';
import { type History, LOCAL_EXPECTED_USD } from '../orchestrator/index.js';
import { Sandbox } from '../sandbox/index.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';

/** Credentials and endpoints, from action inputs or CLI environment. Secrets live only here. */
export interface RuntimeCredentials {
  githubToken: string;
  githubApiUrl: string;
  serverUrl: string;
  linearApiKey?: string;
  linearApiUrl: string;
  codegenApiToken?: string;
  codegenApiUrl: string;
  claude: ClaudeCredentials;
  claudePath?: string;
}

export interface RuntimeOptions {
  credentials: RuntimeCredentials;
  config: ResolvedConfig;
  repository: RepositoryRef;
  /** The checked-out repository (GITHUB_WORKSPACE). */
  workspace: string;
  /** Scratch space outside the checkout (RUNNER_TEMP). */
  scratch: string;
  toolCache?: string;
  clock: Clock;
  logger: Logger;
  /** The ledger's store; default the state branch through the GitHub API. */
  ledgerStore?: LedgerStore;
  /** Where child processes' allow-listed environment comes from; default process.env. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Everything a mode needs, built once per job from the inputs: the gateways, the ledger and the
 * executors. The only place that knows which concrete client stands behind each port.
 */
export class Runtime {
  readonly githubClient: GitHubClient;
  /** What this job spent of GitHub's request budget, for the job summary. */
  readonly githubRequests = new GitHubRequestCounter();
  readonly github: GitHubGateway;
  readonly ledger: Ledger;
  private linearGateway: Promise<LinearGateway | undefined> | undefined;
  readonly registry = new ExecutorRegistry();
  private readonly codegen: { client: CodegenClient; monitor: CodegenRunMonitor } | undefined;
  private claudeBinary: Promise<string> | undefined;
  private sandboxReady: Promise<Sandbox> | undefined;
  private gitAuth: GitAuth | undefined;

  constructor(readonly options: RuntimeOptions) {
    const { credentials, config, logger, clock } = options;
    this.githubClient = createGitHubClient({
      token: credentials.githubToken,
      baseUrl: credentials.githubApiUrl,
      logger,
    });
    this.githubRequests.attach(this.githubClient);
    this.github = new OctokitGitHubGateway(this.githubClient, options.repository);
    this.ledger = new Ledger(
      options.ledgerStore ??
        new GitHubBranchStore(this.githubClient, options.repository, config.ledger.stateBranch),
      clock,
      // On the state branch every write is a commit, and Octokit spaces writes a second apart
      // anyway: updates within a second of the first share its commit.
      { combineWithinMs: options.ledgerStore ? 0 : 1_000 },
    );
    if (config.codegen.configured && credentials.codegenApiToken && config.codegen.orgId !== undefined) {
      const client = new CodegenClient({
        token: credentials.codegenApiToken,
        orgId: config.codegen.orgId,
        baseUrl: credentials.codegenApiUrl,
        clock,
        logger,
      });
      this.codegen = { client, monitor: new CodegenRunMonitor(client, { logger }) };
      this.registry.register(
        codegenExecutorDescriptor({
          ...this.codegen,
          gateway: this.github,
          logger,
          settings: codegenSettingsFrom(config.codegen),
          ...(config.codegen.repoId === undefined
            ? {
                repoIds: new CodegenRepoIdResolver(
                  client,
                  `${options.repository.owner}/${options.repository.repo}`,
                ),
              }
            : {}),
        }),
      );
    }
  }

  /**
   * Linear, when a key was given. Loaded on first use: @linear/sdk is most of the bundle, and runs
   * without Linear (and every skipped event) should not pay for parsing it.
   */
  linear(): Promise<LinearGateway | undefined> {
    const { credentials, config, clock, logger } = this.options;
    const key = credentials.linearApiKey;
    this.linearGateway ??= key
      ? import('../linear/index.js').then(
          (linear) =>
            new linear.SdkLinearGateway({
              client: linear.createLinearClient({ credential: key, apiUrl: credentials.linearApiUrl }),
              clock,
              logger,
              linkbackBots: config.trigger.allowedBots,
            }),
        )
      : Promise.resolve(undefined);
    return this.linearGateway;
  }

  /** Whether Claude Code can run here: the planner and the local executor need a credential. */
  /** The job's Codegen client, when Codegen is configured (shared rate limits and breaker). */
  codegenClient(): CodegenClient | undefined {
    return this.codegen?.client;
  }

  get hasClaude(): boolean {
    return Boolean(
      this.options.credentials.claude.anthropicApiKey || this.options.credentials.claude.oauthToken,
    );
  }

  /** The pinned `claude`, installed on first use (planning or local execution only). */
  claude(): Promise<string> {
    this.claudeBinary ??= resolveClaudeBinary({
      claudePath: this.options.credentials.claudePath,
      toolCacheDir: this.options.toolCache,
      logger: this.options.logger,
    }).then((found) => found.path);
    return this.claudeBinary;
  }

  claudeEnv(): Record<string, string> {
    return buildClaudeEnv(this.options.env ?? process.env, this.options.credentials.claude);
  }

  /**
   * Takes the credentials actions/checkout persisted out of the checkout before any agent runs
   * (a security rule); without a persisted one, the job token is used for the action's own push.
   */
  async prepareCheckout(): Promise<GitAuth> {
    if (this.gitAuth) return this.gitAuth;
    const { workspace, credentials, logger } = this.options;
    const fromToken = GitAuth.fromToken(credentials.githubToken, credentials.serverUrl);
    if (!existsSync(path.join(workspace, '.git'))) {
      this.gitAuth = fromToken;
      return fromToken;
    }
    const extracted = await extractPersistedCredentials(workspace, { logger });
    this.gitAuth = extracted.secretValues().length > 0 ? extracted : fromToken;
    return this.gitAuth;
  }

  /**
   * The sandbox for untrusted code (a security rule), started once to prove it works; a failure to start
   * is an error that names why and what to do, never a reason to run the code unsandboxed.
   */
  sandbox(): Promise<Sandbox> {
    this.sandboxReady ??= Sandbox.prepare({ tempRoot: this.options.scratch, logger: this.options.logger });
    return this.sandboxReady;
  }

  /** Registers the local executor once the checkout is safe for agents. */
  async enableLocalExecution(): Promise<void> {
    if (!this.hasClaude || this.registry.byLocation('local').length > 0) return;
    const { config, credentials, logger, scratch, clock } = this.options;
    const sandbox = await this.sandbox();
    const gitAuth = await this.prepareCheckout();
    this.registry.register(
      localExecutorDescriptor({
        github: this.github,
        claude: {
          binary: await this.claude(),
          credentials: credentials.claude,
          model: config.claude.model,
          allowedTools: config.claude.allowedTools,
          maxTurns: config.claude.maxTurns,
        },
        gitAuth,
        sandbox,
        worktreeRoot: path.join(scratch, 'cyrus-worktrees'),
        secrets: [credentials.githubToken, credentials.linearApiKey, credentials.codegenApiToken].filter(
          (s): s is string => Boolean(s),
        ),
        clock,
        logger,
      }),
    );
  }

  /** Every secret this job holds, for masking anything it posts. */
  secrets(): string[] {
    const { credentials } = this.options;
    return [
      credentials.githubToken,
      credentials.linearApiKey,
      credentials.codegenApiToken,
      credentials.claude.anthropicApiKey,
      credentials.claude.oauthToken,
    ].filter((s): s is string => Boolean(s));
  }

  /** Which locations can take work now, and why not. */
  availability(): Record<ExecutorLocation, { ok: boolean; reason?: string }> {
    const cloud = !this.codegen
      ? { ok: false, reason: 'Codegen is not configured (codegen-api-token and codegen-org-id)' }
      : this.codegen.client.isAvailable()
        ? { ok: true }
        : { ok: false, reason: 'Codegen keeps failing (circuit breaker open)' };
    const local =
      this.registry.byLocation('local').length > 0
        ? { ok: true }
        : { ok: false, reason: 'no Anthropic API key or Claude Code OAuth token was given' };
    return { cloud, local };
  }

  /** Expected cost of a task before dispatch: Codegen from its price, Claude from history or size. */
  expectedCostUsd(location: ExecutorLocation, task: Task, history: History): number {
    if (location === 'cloud') return expectedCodegenCost(this.options.config.codegen.pricing, task.size).usd;
    return history.local.averageCostUsd ?? LOCAL_EXPECTED_USD[task.size];
  }

  close(): void {
    this.codegen?.monitor.close();
  }
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildClaudeEnv, resolveClaudeBinary } from '../claude/index.js';
import type { ResolvedConfig } from '../config/index.js';
import { didYouMean } from '../config/suggest.js';
import { ExecutorRegistry, type RepositoryRef, type RuntimeCredentials } from '../domain/index.js';
import { EXECUTOR_MODULES, type ExecutorModule, type ExecutorServices } from '../executors/index.js';
import { extractPersistedCredentials, GitAuth } from '../git/index.js';
import {
  createGitHubClient,
  type GitHubClient,
  type GitHubGateway,
  GitHubRequestCounter,
  OctokitGitHubGateway,
  readBaseBranchFile,
} from '../github/index.js';
import { GitHubBranchStore, Ledger, type LedgerStore } from '../ledger/index.js';
import type { LinearGateway } from '../linear/index.js';
import { Sandbox } from '../sandbox/index.js';
import type { Clock } from '../util/clock.js';
import { UserError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';

export type { RuntimeCredentials } from '../domain/index.js';

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
  /** The executor plugins to start; default every module of this build. */
  executorModules?: readonly ExecutorModule[];
  /** Where child processes' allow-listed environment comes from; default process.env. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Everything a mode needs, built once per job from the inputs: the gateways, the ledger and the
 * executors. The only place that knows which concrete client stands behind each port; which
 * executors exist is the modules' business (`src/executors/modules.ts`).
 */
export class Runtime {
  readonly githubClient: GitHubClient;
  /** What this job spent of GitHub's request budget, for the job summary. */
  readonly githubRequests = new GitHubRequestCounter();
  readonly github: GitHubGateway;
  readonly ledger: Ledger;
  /** Filled by executors(): the usable executors, and why the others cannot run here. */
  readonly registry = new ExecutorRegistry();
  private linearGateway: Promise<LinearGateway | undefined> | undefined;
  private started: Promise<ExecutorRegistry> | undefined;
  private readonly preparers: (() => Promise<void>)[] = [];
  private readonly closers: (() => void)[] = [];
  private needsSafeCheckout = false;
  private claudeBinary: Promise<string> | undefined;
  private sandboxReady: Promise<Sandbox> | undefined;
  private gitAuth: Promise<GitAuth> | undefined;

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
  }

  /**
   * Starts every executor module once. Starting is cheap (clients, no network): what takes time
   * (the sandbox, `claude`) is got by prepareExecution, or on first use.
   */
  executors(): Promise<ExecutorRegistry> {
    this.started ??= this.startModules();
    return this.started;
  }

  /**
   * Before any executor's work: takes the persisted credentials out of the checkout when a module
   * needs that, and gets every module's needs ready, so a sandbox that cannot start ends the job
   * with its reason before anything is dispatched.
   */
  async prepareExecution(): Promise<ExecutorRegistry> {
    const registry = await this.executors();
    if (this.needsSafeCheckout) await this.prepareCheckout();
    for (const prepare of this.preparers) await prepare();
    return registry;
  }

  private async startModules(): Promise<ExecutorRegistry> {
    const modules = this.options.executorModules ?? EXECUTOR_MODULES;
    const unknown = Object.keys(this.options.config.executors).filter(
      (kind) => !modules.some((m) => m.kind === kind),
    );
    const kinds = modules.map((m) => m.kind);
    for (const kind of unknown) {
      const near = didYouMean(kind, kinds);
      throw new UserError(
        `The config file's executors.${kind} names no executor of this build${near ? ` (did you mean executors.${near}?)` : ''}; known: ${kinds.join(', ')}.`,
      );
    }
    for (const module of modules) {
      const started = await module.start(this.servicesFor(module));
      const identity = { name: module.kind, label: module.label, capabilities: module.capabilities };
      // A block the user wrote that its executor refuses is a config error, not a quiet fallback.
      if (!started.ok && this.options.config.executors[module.kind] !== undefined)
        throw new UserError(
          `The config file's executors.${module.kind} block cannot be used: ${started.reason}`,
        );
      if (!started.ok) {
        this.registry.registerUnavailable(identity, started.reason);
        continue;
      }
      this.registry.register(started.descriptor);
      if (started.prepare) this.preparers.push(started.prepare);
      if (started.close) this.closers.push(started.close);
      if (module.needsSafeCheckout) this.needsSafeCheckout = true;
    }
    return this.registry;
  }

  private servicesFor(module: ExecutorModule): ExecutorServices {
    const { config, credentials, repository, scratch, clock, logger } = this.options;
    return {
      config,
      block: config.executors[module.kind],
      credentials,
      repository,
      github: this.github,
      scratch,
      clock,
      logger,
      sandbox: () => this.sandbox(),
      gitAuth: () => this.prepareCheckout(),
      claude: () => this.claude(),
      secrets: () => this.secrets(),
      baseBranchFile: (file) => readBaseBranchFile(this.githubClient, repository, file),
    };
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

  /** Whether Claude Code can run here: the planner needs a credential. */
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
  prepareCheckout(): Promise<GitAuth> {
    this.gitAuth ??= (async () => {
      const { workspace, credentials, logger } = this.options;
      const fromToken = GitAuth.fromToken(credentials.githubToken, credentials.serverUrl);
      if (!existsSync(path.join(workspace, '.git'))) return fromToken;
      const extracted = await extractPersistedCredentials(workspace, { logger });
      return extracted.secretValues().length > 0 ? extracted : fromToken;
    })();
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

  close(): void {
    for (const close of this.closers) close();
  }
}

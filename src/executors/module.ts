import type { ResolvedConfig } from '../config/index.js';
import type {
  ExecutorCapabilities,
  ExecutorDescriptor,
  RepositoryRef,
  RuntimeCredentials,
} from '../domain/index.js';
import type { GitAuth } from '../git/index.js';
import type { BaseBranchFile, GitHubGateway } from '../github/index.js';
import type { Sandbox } from '../sandbox/index.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';

/**
 * What the runtime hands an executor module when it starts it: the job's shared services, built
 * once and lazily (the sandbox, the push credentials and the `claude` binary cost time to get).
 */
export interface ExecutorServices {
  config: ResolvedConfig;
  /**
   * The module's own block of the config file (`executors.<kind>`), unvalidated: the module
   * parses it with its own schema and names the field that is wrong.
   */
  block: unknown;
  /** The job's credentials: a module takes its own and must pass none of the others to an agent. */
  credentials: RuntimeCredentials;
  repository: RepositoryRef;
  github: GitHubGateway;
  /** Scratch space outside the checkout (RUNNER_TEMP), for worktrees. */
  scratch: string;
  clock: Clock;
  logger: Logger;
  /** The sandbox every untrusted process runs in, started once. */
  sandbox(): Promise<Sandbox>;
  /** The action's own push credentials, taken out of the checkout before any agent runs. */
  gitAuth(): Promise<GitAuth>;
  /** The pinned `claude` executable, installed on first use. */
  claude(): Promise<string>;
  /** Every secret the job holds: none may reach an agent's environment. */
  secrets(): readonly string[];
  /** A file of the base branch at its commit, through the API: trusted content for the agent's setup. */
  baseBranchFile(path: string): Promise<BaseBranchFile>;
}

/** A module's answer: its descriptor, or why it cannot run in this job (shown by `cyrus status`). */
export type ExecutorStart =
  | {
      ok: true;
      descriptor: ExecutorDescriptor;
      /**
       * Gets what its work needs ready (the sandbox, a binary) before anything is dispatched, so
       * a failure ends the job with its reason instead of failing each task.
       */
      prepare?: () => Promise<void>;
      /** Releases what it holds (pollers, timers) at the end of the job. */
      close?: () => void;
    }
  | { ok: false; reason: string };

/** One line of `cyrus status`: ready, not ready (with the reason), or not set up and not needed. */
export interface CheckOutcome {
  status: 'ok' | 'failed' | 'skipped';
  /** The headline after the name: `Ready`, the reason it is not, or `Not configured`. */
  summary: string;
  /** A second line: what was found, or what to do. */
  detail?: string;
}

/** What `cyrus status` hands an executor's check: the terminal's environment, not a job's. */
export interface ProbeContext {
  /** The resolved config; undefined when it does not resolve (that has its own line). */
  config: ResolvedConfig | undefined;
  /** The module's own block of the config file, unvalidated. */
  block: unknown;
  /** The environment `cyrus` runs in: each module reads its own variables. */
  env: NodeJS.ProcessEnv;
  repository: RepositoryRef | undefined;
  /** `--claude-path`, when given. */
  claudePath?: string;
  timeoutMs: number;
  logger: Logger;
}

/** How an executor shows in `cyrus status`. */
export interface ExecutorStatusCheck {
  /** The line's id in `--json`. */
  readonly id: string;
  /** The line's name ("Local Executor", "Cloud Executor (Codegen)"). */
  readonly name: string;
  /** Whether the job cannot work without it, whatever the strategy (the planner's executor). */
  readonly alwaysRequired: boolean;
  /** Shown even when not set up (`➖ Not configured`); otherwise only once configured. */
  readonly alwaysShown: boolean;
  /** Checks it for real (a version, an API answer), within `timeoutMs`; never throws. */
  probe(context: ProbeContext): Promise<CheckOutcome>;
}

/**
 * One executor plugin. The runtime starts every module of `modules.ts`; adding an executor is a
 * folder with one of these and one line there.
 */
export interface ExecutorModule {
  /** Its kind: the default registry name and the key of its config block (`executors.<kind>`). */
  readonly kind: string;
  /** How reasons and reports name it ("Codegen"), started or not. */
  readonly label: string;
  /** What it can do, known without starting it (stats read old attempts by it). */
  readonly capabilities: ExecutorCapabilities;
  /** Starting it needs the checkout made safe for agents (persisted credentials taken out). */
  readonly needsSafeCheckout: boolean;
  /** Its line in `cyrus status`; without one it is not shown there. */
  readonly status?: ExecutorStatusCheck;
  start(services: ExecutorServices): Promise<ExecutorStart>;
}

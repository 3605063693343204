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
  start(services: ExecutorServices): Promise<ExecutorStart>;
}

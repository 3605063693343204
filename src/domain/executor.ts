import type { ExecutionContext, ExecutionResult, ExecutionStatus, ProgressEvent } from './execution.js';
import type { Task } from './task.js';

/** The executor contract, with the names the design gives it. */
export interface TaskExecutor {
  execute(prompt: string, context: ExecutionContext): Promise<ExecutionResult>;
  executeStreaming(
    prompt: string,
    context: ExecutionContext,
    onProgress: (event: ProgressEvent) => void,
  ): Promise<ExecutionResult>;
  isRunning(): boolean;
  stop(): Promise<void>;
  getStatus(sessionId: string): Promise<ExecutionStatus>;
}

/**
 * What an executor can do. Strategies, the orchestrator, reports and stats decide by these and
 * never by an executor's name.
 */
export interface ExecutorCapabilities {
  /** Uses the runner's CPU and disk (a local process in a worktree): `local-only` means these. */
  readonly needsRunner: boolean;
  /** Its work goes on without this job; a later job (reconcile, `wait: false`) follows it by session id. */
  readonly detaches: boolean;
  /** Takes max-cost-per-task as a hard cap and stops at it; others must fit the cap by estimate. */
  readonly honoursCostCap: boolean;
  /** A failed attempt can go back into the same session with the evidence (failing checks). */
  readonly resumesWithEvidence: boolean;
  /** Keeps a trace of its run (tool calls, turns, time) when `features.enableTracing` is on. */
  readonly tracing: boolean;
  /** Can be given the base branch's MCP servers when `features.useMcpServers` is on. */
  readonly mcpServers: boolean;
}

/** Whether an executor can take work now; when not, why, in words a user can act on. */
export type ExecutorAvailability = { ok: true } | { ok: false; reason: string };

/** Past results of one executor, from the ledger. */
export interface ExecutorHistory {
  runs: number;
  successes: number;
  /** Average cost of a finished attempt, when any finished. */
  averageCostUsd?: number;
}

/** What an executor is, whether or not it can run in this job: enough for reasons and stats. */
export interface ExecutorIdentity {
  /** Registry name ("claude-code", "codegen", "command"); recorded in the ledger and reports. */
  readonly name: string;
  /** How people read its name in reasons and reports ("Codegen", "Claude Code", "Codex CLI"). */
  readonly label: string;
  readonly capabilities: ExecutorCapabilities;
}

/** A registered executor: what it is, whether it can take work now, what it costs, and a factory. */
export interface ExecutorDescriptor extends ExecutorIdentity {
  /** Whether it can take work now (a breaker may open mid-job), and why not. */
  availability(): ExecutorAvailability;
  /** Expected cost of a task before dispatch (its pricing, or its history); the budget reserves it. */
  expectedCostUsd(task: Task, history: ExecutorHistory): number;
  /**
   * The PRs a session says it opened, for executors whose agents may name their branch and PR
   * themselves: a PR event is matched to its task through them. Absent: branch and number only.
   */
  sessionPullRequests?(sessionId: string): Promise<readonly { url: string; headBranch?: string }[]>;
  /**
   * A fresh executor per execution: executors hold the state of one session
   * (`isRunning`, `stop`), and tasks run in parallel.
   */
  create(): TaskExecutor;
}

import type {
  Cost,
  ExecutionContext,
  ExecutionTrace,
  FailureKind,
  ProgressEvent,
} from '../../domain/index.js';
import type { CommandWrapper } from '../../sandbox/index.js';
import type { Clock } from '../../util/clock.js';

/** What the worktree executor hands the agent step: a prepared directory and how to run there. */
export interface AgentRun {
  /** The task prompt as the orchestrator passed it (the step builds the agent's prompt from it). */
  prompt: string;
  context: ExecutionContext;
  /** The agent's working directory: the same path inside the sandbox and outside. */
  cwd: string;
  /** The agent's own HOME, writable in the sandbox, kept per branch. */
  home: string;
  /** Runs a program in the sandbox, in `cwd`, with the mounts of this task. */
  wrap: CommandWrapper;
  /** The same, with more files bound read-only (a prompt file written to `privateDir`, say). */
  wrapWith(readOnly: readonly { source: string; dest: string }[]): CommandWrapper;
  /** A directory of the action's, hidden from the sandbox and removed after the run. */
  privateDir: string;
  /** Every secret value the job holds: none may reach the agent's environment. */
  secrets: readonly string[];
  /** Aborted by stop(). */
  signal: AbortSignal;
  clock: Clock;
  /** The agent's session began: recorded for getStatus and reported (`started`, `status`). */
  onSession(sessionId: string): void;
  /** A progress event (a tool call, an output line); listener errors are the executor's to catch. */
  emit(event: ProgressEvent): void;
}

/** How the agent step ended; the worktree executor commits and opens the PR when it succeeded. */
export interface AgentOutcome {
  success: boolean;
  sessionId: string | null;
  cost: Cost;
  turns?: number;
  /** What the run did (tools, turns, time), when the agent traces and `enableTracing` is on. */
  trace?: ExecutionTrace;
  /** The agent's own summary, put in the PR body. */
  summary?: string;
  /** How it ended, in words ("success", "exit code 0"), for the "changed no file" message. */
  ending: string;
  /** Set when it did not succeed. */
  failure?: { kind: FailureKind; message: string };
}

/**
 * The part of a local executor that edits the files: Claude Code, or any command-line agent.
 * Everything around it (the directory, the sandbox, commit, push, PR, clean-up) is the worktree
 * executor's, the same for every agent.
 */
export interface AgentStep {
  /** How reports, commits and PR bodies name the agent ("Claude Code", "Codex CLI"). */
  readonly label: string;
  /** Files bound read-only into the sandbox (a binary out of a hidden directory). */
  readonly readOnlyMounts: readonly { source: string; dest: string }[];
  run(run: AgentRun): Promise<AgentOutcome>;
}

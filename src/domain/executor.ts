import type { ExecutionContext, ExecutionResult, ExecutionStatus, ProgressEvent } from './execution.js';

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

/** Where an executor's work happens; strategies route on it. */
export type ExecutorLocation = 'local' | 'cloud';

export interface ExecutorDescriptor {
  /** Registry name, e.g. "claude-code" or "codegen"; recorded in the ledger and reports. */
  name: string;
  location: ExecutorLocation;
  /**
   * A fresh executor per execution: executors hold the state of one session
   * (`isRunning`, `stop`), and tasks run in parallel.
   */
  create(): TaskExecutor;
}

import type {
  ExecutionContext,
  ExecutionResult,
  ExecutionStatus,
  ProgressEvent,
  TaskExecutor,
} from '../domain/index.js';

/**
 * An executor built on first use from services that take time to get ready (the sandbox, the
 * push credentials, a binary): descriptors can be created at once and cost nothing until a task
 * runs. A stop that comes while it is being built reaches the executor as soon as it exists.
 */
export class LazyExecutor implements TaskExecutor {
  private inner: Promise<TaskExecutor> | undefined;
  private running = false;
  private stopped = false;

  constructor(private readonly build: () => Promise<TaskExecutor>) {}

  execute(prompt: string, context: ExecutionContext): Promise<ExecutionResult> {
    return this.executeStreaming(prompt, context, () => undefined);
  }

  async executeStreaming(
    prompt: string,
    context: ExecutionContext,
    onProgress: (event: ProgressEvent) => void,
  ): Promise<ExecutionResult> {
    this.running = true;
    try {
      const inner = await this.executor();
      const result = inner.executeStreaming(prompt, context, onProgress);
      if (this.stopped) void inner.stop();
      return await result;
    } finally {
      this.running = false;
    }
  }

  isRunning(): boolean {
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.inner) await (await this.inner).stop();
  }

  async getStatus(sessionId: string): Promise<ExecutionStatus> {
    return (await this.executor()).getStatus(sessionId);
  }

  private executor(): Promise<TaskExecutor> {
    this.inner ??= this.build();
    return this.inner;
  }
}

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type ExecutionContext,
  ExecutionResult,
  type ExecutionStatus,
  isCloudFailure,
  ProgressEvent,
  type TaskExecutor,
  TERMINAL_STATUSES,
} from '../../../src/domain/index.js';

/** What the world's agent does with the next task. */
export type Behaviour = 'succeeds' | 'fails' | 'hangs';

/**
 * One executor's world: its stand-ins and a scripted agent. The contract's assertions are the
 * same for every executor; only how a success, a failure and a hang are scripted differs.
 */
export interface ContractWorld {
  /** The registry name its results carry. */
  readonly name: string;
  /** Once per file (an install, say); within `setupTimeoutMs`. */
  setup?(): Promise<void>;
  setupTimeoutMs?: number;
  /** A fresh executor, and a task whose agent does `behaviour`. */
  arrange(
    behaviour: Behaviour,
  ): Promise<{ executor: TaskExecutor; context: ExecutionContext; prompt: string }>;
  /** The pull requests GitHub holds for the task's repository. */
  pullRequests(): { number: number; head: string }[];
  /** After each test: stand-ins closed. */
  teardown(): Promise<void>;
  close?(): void;
}

function collect(context: ExecutionContext) {
  const events: ProgressEvent[] = [];
  const onProgress = (event: ProgressEvent) => {
    // Every event is a valid ProgressEvent about this task.
    expect(ProgressEvent.parse(event)).toEqual(event);
    expect(event.taskId).toBe(context.task.id);
    events.push(event);
  };
  return { events, onProgress };
}

/** The one `finished` event, last, with the result's status. */
function expectFinished(events: readonly ProgressEvent[], status: ExecutionStatus): void {
  expect(events.filter((e) => e.type === 'finished')).toHaveLength(1);
  expect(events.at(-1)).toMatchObject({ type: 'finished', status });
}

/** The contract every executor passes: success with a PR, failure, stop, status reads, progress. */
export function executorContract(world: ContractWorld): void {
  describe(`executor contract: ${world.name}`, () => {
    if (world.setup) {
      const setup = world.setup.bind(world);
      beforeAll(() => setup(), world.setupTimeoutMs ?? 30_000);
    }
    afterEach(() => world.teardown());
    afterAll(() => world.close?.());

    it('a task that succeeds ends with a PR GitHub shows on the task branch, and says so as it goes', async () => {
      const { executor, context, prompt } = await world.arrange('succeeds');
      const { events, onProgress } = collect(context);

      const result = await executor.executeStreaming(prompt, context, onProgress);

      expect(ExecutionResult.parse(result)).toEqual(result);
      expect(result.failure).toBeUndefined();
      expect(result).toMatchObject({ executor: world.name, status: 'succeeded', success: true });
      expect(result.pullRequest?.headBranch).toBe(context.branch);
      expect(world.pullRequests()).toContainEqual({
        number: result.pullRequest?.number,
        head: context.branch,
      });
      expect(result.sessionId).toBeTruthy();
      expect(result.cost.usd).toBeGreaterThanOrEqual(0);
      expect(result.cost.basis).not.toBe('');
      // Progress: started (with the session) first, the PR, then one finished.
      expect(events[0]).toMatchObject({ type: 'started', sessionId: result.sessionId });
      expect(events).toContainEqual(
        expect.objectContaining({
          type: 'pull_request',
          pullRequest: expect.objectContaining({ number: result.pullRequest?.number }),
        }),
      );
      expectFinished(events, 'succeeded');
      expect(executor.isRunning()).toBe(false);
      expect(await executor.getStatus(result.sessionId ?? '')).toBe('succeeded');
    });

    it('a task that fails is a failure with a kind and a message, and no PR', async () => {
      const { executor, context, prompt } = await world.arrange('fails');
      const { events, onProgress } = collect(context);

      const result = await executor.executeStreaming(prompt, context, onProgress);

      expect(ExecutionResult.parse(result)).toEqual(result);
      expect(result).toMatchObject({
        executor: world.name,
        status: 'failed',
        success: false,
        pullRequest: null,
      });
      expect(result.failure?.message).toBeTruthy();
      // The work's failure, not an unavailable executor's: no fallback elsewhere.
      expect(isCloudFailure(result.failure?.kind ?? 'cloud_unavailable')).toBe(false);
      expect(world.pullRequests()).toEqual([]);
      expectFinished(events, 'failed');
      if (result.sessionId) expect(await executor.getStatus(result.sessionId)).toBe('failed');
    });

    it('a task that is stopped reads as running while it runs, then ends cancelled', async () => {
      const { executor, context, prompt } = await world.arrange('hangs');
      const { events, onProgress } = collect(context);
      let whileRunning: Promise<{ running: boolean; status: ExecutionStatus }> | undefined;

      const result = await executor.executeStreaming(prompt, context, (event) => {
        onProgress(event);
        if (event.type !== 'started' || whileRunning) return;
        whileRunning = (async () => {
          const status = await executor.getStatus(event.sessionId);
          const running = executor.isRunning();
          await executor.stop();
          return { running, status };
        })();
      });
      const seen = await whileRunning;

      expect(seen?.running).toBe(true);
      expect(TERMINAL_STATUSES.has(seen?.status ?? 'failed')).toBe(false);
      expect(ExecutionResult.parse(result)).toEqual(result);
      expect(result).toMatchObject({
        executor: world.name,
        status: 'cancelled',
        success: false,
        pullRequest: null,
      });
      expect(result.failure?.kind).toBe('cancelled');
      expect(executor.isRunning()).toBe(false);
      expect(await executor.getStatus(result.sessionId ?? '')).toBe('cancelled');
      expect(world.pullRequests()).toEqual([]);
      expectFinished(events, 'cancelled');
    });
  });
}

/** The pull requests of a repository on the GitHub stand-in, as the contract reads them. */
export function standInPullRequests(
  gh:
    | { state: { pullRequests(owner: string, repo: string): { number: number; head: { ref: string } }[] } }
    | undefined,
  owner: string,
  repo: string,
): { number: number; head: string }[] {
  return (gh?.state.pullRequests(owner, repo) ?? []).map((p) => ({ number: p.number, head: p.head.ref }));
}

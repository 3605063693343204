import type {
  ExecutionContext,
  ExecutionResult,
  ExecutorDescriptor,
  ProgressEvent,
  Task,
  TaskExecutor,
} from '../domain/index.js';
import { errorMessage } from '../util/errors.js';
import type { TaskRecords } from './task-records.js';
import { DEFAULT_LIVENESS, type OrchestratorDependencies, type OrchestratorSettings } from './types.js';

/**
 * Runs one attempt on a fresh executor and records its session as soon as it starts. An executor
 * that detaches is left running when the job does not wait ('detached'); one whose work lives in
 * this job keeps a heartbeat, so a job that dies is noticed. Never throws: an error is a failed result.
 */
export async function executeAttempt(
  deps: OrchestratorDependencies,
  settings: OrchestratorSettings,
  records: TaskRecords,
  attempt: { descriptor: ExecutorDescriptor; executor: TaskExecutor },
  task: Task,
  number: number,
  context: ExecutionContext,
): Promise<ExecutionResult | 'detached'> {
  const { descriptor, executor } = attempt;
  let detached = false;
  const recordStart = async (event: Extract<ProgressEvent, { type: 'started' }>) => {
    await records.updateAttempt(task.id, number, (a) => ({
      ...a,
      sessionId: event.sessionId,
      status: 'running',
      ...(event.remember ? { memo: event.remember } : {}),
    }));
    // Without waiting, detached work carries on by itself; later events pick it up from the ledger.
    if (!settings.wait && descriptor.capabilities.detaches) {
      detached = true;
      await executor.stop();
    }
  };
  const pending: Promise<unknown>[] = [];
  const onProgress = (event: ProgressEvent) => {
    if (event.type === 'started')
      pending.push(
        recordStart(event).catch((e: unknown) => deps.logger.warning(`ledger: ${errorMessage(e)}`)),
      );
    else if (event.type === 'status')
      deps.logger.debug(`Task ${task.id}: ${descriptor.name} ${event.raw ?? event.status}`);
  };
  const heartbeat = descriptor.capabilities.detaches
    ? undefined
    : keepAlive(deps, settings, records, task.id, number);
  try {
    const result = await executor.executeStreaming(task.prompt, context, onProgress);
    await Promise.all(pending);
    return detached ? 'detached' : result;
  } catch (error) {
    await Promise.all(pending);
    const at = records.now();
    return {
      executor: descriptor.name,
      sessionId: null,
      status: 'failed',
      success: false,
      pullRequest: null,
      branch: context.branch,
      cost: { usd: 0, estimated: true, basis: 'nothing was spent: the executor failed before running' },
      durationMs: 0,
      startedAt: at,
      finishedAt: at,
      failure: { kind: 'internal', message: errorMessage(error) },
    };
  } finally {
    heartbeat?.abort();
  }
}

/** Keeps an attempt's heartbeat fresh while this job runs it. */
function keepAlive(
  deps: OrchestratorDependencies,
  settings: OrchestratorSettings,
  records: TaskRecords,
  taskId: string,
  number: number,
): AbortController {
  const stop = new AbortController();
  const every = (settings.liveness ?? DEFAULT_LIVENESS).heartbeatMs;
  void (async () => {
    while (!stop.signal.aborted) {
      // An aborted sleep is the stop itself, not an error.
      await deps.clock.sleep(every, stop.signal).catch(() => undefined);
      if (stop.signal.aborted) return;
      await records
        .updateAttempt(taskId, number, (a) => ({ ...a, heartbeatAt: records.now() }))
        .catch((e: unknown) =>
          deps.logger.debug(`Task ${taskId}: heartbeat not written: ${errorMessage(e)}`),
        );
    }
  })();
  return stop;
}

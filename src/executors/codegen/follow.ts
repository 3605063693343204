import {
  type AgentRun,
  type CodegenClient,
  CodegenError,
  CodegenResponseError,
  type CodegenRunMonitor,
  normaliseStatus,
  type RunSnapshot,
} from '../../codegen/index.js';
import type { ExecutionContext, ProgressEvent } from '../../domain/index.js';
import type { Clock } from '../../util/clock.js';
import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { buildNudgePrompt } from './prompt.js';
import type { FollowOutcome } from './result.js';

export interface FollowOptions {
  client: CodegenClient;
  monitor: CodegenRunMonitor;
  clock: Clock;
  logger: Logger;
  context: ExecutionContext;
  /** The create or resume answer, and when that request was sent. */
  run: AgentRun;
  sentAt: number;
  /** Aborts on the deadline (reason "deadline") or on stop (reason "stopped"). */
  halt: AbortSignal;
  emit: (event: ProgressEvent) => void;
  pauseNudges: number;
  pausedGraceMs: number;
}

/** An error that ends the following of a run, as opposed to one poll going wrong. */
function isFatal(error: unknown, client: CodegenClient): boolean {
  if (!(error instanceof CodegenError)) return false;
  if (error instanceof CodegenResponseError) return true;
  if (error.kind === 'cloud_unavailable') return !client.isAvailable();
  return true;
}

/**
 * Follows one run through the job's shared monitor until it ends, stays paused, the deadline
 * passes or the executor is stopped. Emits a status event on every change of status.
 */
export function followRun(options: FollowOptions): Promise<FollowOutcome> {
  const { client, monitor, clock, logger, context, halt, emit } = options;
  const runId = options.run.id;
  const taskId = context.task.id;
  const at = () => new Date(clock.now()).toISOString();

  return new Promise<FollowOutcome>((resolve) => {
    let floor = options.sentAt; // readings from requests sent earlier may predate a resume
    let latest: RunSnapshot | undefined;
    let lastRaw: string | undefined;
    let nudgesLeft = options.pauseNudges;
    let pausedSince: number | undefined;
    let resuming = false;
    let settled = false;
    let unsubscribe = () => {};

    const settle = (outcome: FollowOutcome) => {
      if (settled) return;
      settled = true;
      unsubscribe();
      halt.removeEventListener('abort', onHalt);
      resolve(outcome);
    };
    const onHalt = () =>
      settle(
        halt.reason === 'stopped'
          ? { type: 'stopped', snapshot: latest }
          : { type: 'deadline', snapshot: latest },
      );

    const nudge = (snapshot: RunSnapshot) => {
      nudgesLeft -= 1;
      resuming = true;
      const sentAt = clock.now();
      emit({
        type: 'message',
        at: at(),
        taskId,
        text: `Codegen run ${runId} paused for input; asking it to carry on`,
      });
      client.resumeRun({ agent_run_id: runId, prompt: buildNudgePrompt(context) }, { signal: halt }).then(
        (run) => {
          resuming = false;
          floor = sentAt;
          onUpdate({ run, status: normaliseStatus(run.status), observedAt: sentAt });
        },
        (error: unknown) => {
          if (halt.aborted) return;
          settle({ type: 'error', error, snapshot });
        },
      );
    };

    const onUpdate = (snapshot: RunSnapshot) => {
      if (settled || resuming || snapshot.observedAt < floor) return;
      latest = snapshot;
      const { status } = snapshot;
      if (status.raw !== lastRaw) {
        lastRaw = status.raw;
        // Logged once per value: the next change of status is the next line.
        if (status.unknown)
          logger.warning(
            `Codegen run ${runId} reports an unknown status ${status.raw}; ${status.phase === 'terminal' ? `it reads as ended (${status.status}), so the wait ends` : 'treating it as running'}`,
          );
        emit({
          type: 'status',
          at: at(),
          taskId,
          sessionId: String(runId),
          status: status.status,
          raw: status.raw,
        });
      }
      if (status.phase === 'terminal') {
        settle({ type: 'terminal', snapshot });
        return;
      }
      if (status.phase !== 'paused') {
        pausedSince = undefined;
        return;
      }
      if (nudgesLeft > 0) {
        nudge(snapshot);
        return;
      }
      pausedSince ??= clock.now();
      if (clock.now() - pausedSince >= options.pausedGraceMs) {
        settle({ type: 'paused', snapshot, nudges: options.pauseNudges });
      }
    };

    const onError = (error: unknown) => {
      if (isFatal(error, client)) settle({ type: 'error', error, snapshot: latest });
      else logger.warning(`following Codegen run ${runId}: ${errorMessage(error)}; still following`);
    };

    halt.addEventListener('abort', onHalt, { once: true });
    if (halt.aborted) {
      onHalt();
      return;
    }
    unsubscribe = monitor.watch(
      runId,
      { onUpdate, onError },
      { run: options.run, observedAt: options.sentAt },
    );
    onUpdate({ run: options.run, status: normaliseStatus(options.run.status), observedAt: options.sentAt });
  });
}

import { CodegenError, type RunSnapshot } from '../../codegen/index.js';
import type { ExecutionStatus, FailureKind } from '../../domain/index.js';
import { errorMessage } from '../../util/errors.js';

/** How following a run ended, before the PR is confirmed. */
export type FollowOutcome =
  | { type: 'terminal'; snapshot: RunSnapshot }
  | { type: 'paused'; snapshot: RunSnapshot; nudges: number }
  | { type: 'error'; error: unknown; snapshot?: RunSnapshot }
  | { type: 'deadline'; snapshot?: RunSnapshot }
  | { type: 'stopped'; snapshot?: RunSnapshot };

export interface FailureVerdict {
  status: ExecutionStatus;
  failure: { kind: FailureKind; message: string };
}

/** The failure of a call that never got a run going (or broke off following one). */
export function failureFromError(error: unknown): FailureVerdict {
  if (error instanceof CodegenError)
    return { status: 'failed', failure: { kind: error.kind, message: error.message } };
  return {
    status: 'failed',
    failure: { kind: 'internal', message: `Codegen executor error: ${errorMessage(error)}` },
  };
}

function where(webUrl: string | undefined): string {
  return webUrl ? ` (${webUrl})` : '';
}

/** The verdict for every outcome except a COMPLETE run, whose PR decides. */
export function failureFromOutcome(
  outcome: Exclude<FollowOutcome, { type: 'terminal' }>,
  runId: number,
): FailureVerdict;
export function failureFromOutcome(outcome: FollowOutcome, runId: number): FailureVerdict | undefined;
export function failureFromOutcome(outcome: FollowOutcome, runId: number): FailureVerdict | undefined {
  const run = outcome.snapshot?.run;
  const webUrl = run?.web_url ?? undefined;
  const lastSeen = outcome.snapshot?.status.raw ?? 'PENDING';
  switch (outcome.type) {
    case 'terminal': {
      const { status } = outcome.snapshot;
      if (status.status === 'succeeded') return undefined;
      const said = run?.result ?? run?.summary;
      return {
        status: status.status,
        failure: {
          kind: status.failure ?? 'agent_error',
          message: `Codegen run ${runId} ended ${status.raw}${said ? `: ${said}` : ''}${where(webUrl)}`,
        },
      };
    }
    case 'paused':
      return {
        status: 'failed',
        failure: {
          kind: 'agent_error',
          message:
            `Codegen run ${runId} is PAUSED waiting for input${outcome.nudges > 0 ? ` even after ${outcome.nudges} nudge(s) to carry on` : ''}; ` +
            `answer it on Codegen${where(webUrl)} or re-run the task`,
        },
      };
    case 'error':
      return failureFromError(outcome.error);
    case 'deadline':
      return {
        status: 'timed_out',
        failure: {
          kind: 'deadline',
          message:
            `the job's deadline passed while Codegen run ${runId} was still ${lastSeen}; it may still finish in the cloud` +
            `${where(webUrl)}, and a later reconcile finds it by its run id`,
        },
      };
    case 'stopped':
      return {
        status: 'cancelled',
        failure: {
          kind: 'cancelled',
          message:
            `stopped following Codegen run ${runId} (last seen ${lastSeen}); Codegen has no stop endpoint, so the run ` +
            `may go on in the cloud${where(webUrl)}`,
        },
      };
  }
}

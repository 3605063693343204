import type { ExecutionStatus, FailureKind } from '../../domain/index.js';
import { GitAbortedError, GitTimeoutError, UnsafeTreeError } from '../../git/index.js';
import { errorMessage } from '../../util/errors.js';

/** A step stopped by the run's deadline or by stop(): reported as that, not as an error. */
export class Interrupted extends Error {
  constructor(
    readonly kind: 'deadline' | 'cancelled',
    message: string,
  ) {
    super(message);
  }
}

/** A failure with a known kind and a message for the report. */
export class TaskFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
  }
}

export function statusOf(kind: FailureKind): ExecutionStatus {
  if (kind === 'deadline') return 'timed_out';
  if (kind === 'cancelled') return 'cancelled';
  return 'failed';
}

/** Any error of a worktree run as a failure kind and a message for the report. */
export function describeFailure(
  error: unknown,
  state: { aborted: boolean; pastDeadline: boolean },
): { kind: FailureKind; message: string } {
  if (error instanceof TaskFailure) return { kind: error.kind, message: error.message };
  if (error instanceof UnsafeTreeError) return { kind: 'agent_error', message: error.message };
  if (error instanceof Interrupted) return { kind: error.kind, message: error.message };
  if (error instanceof GitAbortedError || state.aborted) {
    return { kind: 'cancelled', message: `stopped: ${errorMessage(error)}` };
  }
  if (error instanceof GitTimeoutError && state.pastDeadline) {
    return { kind: 'deadline', message: `the deadline passed during ${errorMessage(error)}` };
  }
  return { kind: 'internal', message: errorMessage(error) };
}

export function redactUrl(url: string): string {
  return url.replace(/:\/\/[^/@\s]+@/, '://***@');
}

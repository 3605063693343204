import type { ExecutionStatus, FailureKind } from '../domain/index.js';

/** Where a run is in its life, as far as waiting on it is concerned. */
export type RunPhase = 'running' | 'paused' | 'terminal';

export interface NormalisedStatus {
  /** Upper-cased raw value ("UNKNOWN" when absent), kept for logs and reports. */
  raw: string;
  phase: RunPhase;
  status: ExecutionStatus;
  /** For terminal statuses other than COMPLETE: why the run did not succeed. */
  failure?: FailureKind;
  /** True for a value outside the list Codegen's clients are known to use. */
  unknown: boolean;
}

/*
 * Values seen from Codegen's own clients (the spec types `status` as a free string). A COMPLETE
 * run only succeeds once its PR is confirmed on GitHub; the executor decides that, not this table.
 */
const KNOWN: Record<string, Omit<NormalisedStatus, 'raw' | 'unknown'>> = {
  PENDING: { phase: 'running', status: 'queued' },
  ACTIVE: { phase: 'running', status: 'running' },
  RUNNING: { phase: 'running', status: 'running' },
  EVALUATION: { phase: 'running', status: 'running' },
  PAUSED: { phase: 'paused', status: 'paused' },
  COMPLETE: { phase: 'terminal', status: 'succeeded' },
  FAILED: { phase: 'terminal', status: 'failed', failure: 'agent_error' },
  ERROR: { phase: 'terminal', status: 'failed', failure: 'agent_error' },
  MAX_ITERATIONS_REACHED: { phase: 'terminal', status: 'failed', failure: 'max_turns' },
  OUT_OF_TOKENS: { phase: 'terminal', status: 'failed', failure: 'max_budget' },
  TIMEOUT: { phase: 'terminal', status: 'timed_out', failure: 'deadline' },
  CANCELLED: { phase: 'terminal', status: 'cancelled', failure: 'cancelled' },
  STOPPED: { phase: 'terminal', status: 'cancelled', failure: 'cancelled' },
};

/**
 * Case-insensitive; an unknown or missing value counts as still running (waits have deadlines),
 * unless it plainly means the run ended.
 */
export function normaliseStatus(value: string | null | undefined): NormalisedStatus {
  const raw =
    (value ?? '')
      .trim()
      .toUpperCase()
      .replace(/[\s-]+/g, '_') || 'UNKNOWN';
  const known = KNOWN[raw];
  if (known) return { raw, unknown: false, ...known };
  const ended = endedLookingStatus(raw);
  if (ended) return { raw, unknown: true, phase: 'terminal', ...ended };
  return { raw, phase: 'running', status: 'running', unknown: true };
}

/*
 * Unknown values that plainly say the run ended must not keep a task waiting until its deadline.
 * A success-looking one is still only a success once its PR is confirmed on GitHub.
 */
const ENDED: readonly [RegExp, Omit<NormalisedStatus, 'raw' | 'unknown' | 'phase'>][] = [
  [/^(COMPLETED|SUCCEEDED|SUCCESS|SUCCESSFUL|DONE|FINISHED)$/, { status: 'succeeded' }],
  [/^(CANCELED|CANCELLED_BY_USER|ABORTED|KILLED|TERMINATED)$/, { status: 'cancelled', failure: 'cancelled' }],
  [/^(TIMED_OUT|EXPIRED)$/, { status: 'timed_out', failure: 'deadline' }],
  [/^(FAILURE|FAILED_.+|ERRORED|CRASHED|REJECTED)$/, { status: 'failed', failure: 'agent_error' }],
];

function endedLookingStatus(raw: string): Omit<NormalisedStatus, 'raw' | 'unknown' | 'phase'> | undefined {
  return ENDED.find(([pattern]) => pattern.test(raw))?.[1];
}

import type { FailureKind } from '../domain/index.js';
import type { ResultMessage } from './stream.js';

export interface ClaudeRunResult {
  /** Decided from the result's `subtype` and `is_error` only: a `success` with `is_error` is a failure. */
  success: boolean;
  /** The CLI's subtype, or ours when no result arrived: `error_deadline`, `cancelled`, `error_no_result`. */
  subtype: string;
  isError: boolean;
  sessionId: string | null;
  costUsd: number;
  turns: number;
  durationMs: number;
  resultText?: string;
  structuredOutput?: unknown;
  /** Which limit or event ended the run, in words, for logs and reports. */
  stoppedBy: string;
  failureKind?: FailureKind;
}

/** What the runner saw, for turning into a result. */
export interface RunObservation {
  result?: ResultMessage;
  stop?: 'deadline' | 'cancelled';
  sessionId: string | null;
  turnsSeen: number;
  elapsedMs: number;
  exitCode: number | null;
  exitSignal: string | null;
  stderrTail: string;
  startError?: string;
  limits: { maxTurns?: number; maxBudgetUsd?: number; deadline: number };
}

export function interpretRun(seen: RunObservation): ClaudeRunResult {
  const base = { sessionId: seen.sessionId, costUsd: 0, turns: seen.turnsSeen, durationMs: seen.elapsedMs };
  const { result } = seen;
  if (result) return fromResult(result, seen);
  if (seen.startError) {
    return failure(base, 'error_start', 'internal', `claude could not be started: ${seen.startError}`);
  }
  if (seen.stop === 'deadline') {
    const when = new Date(seen.limits.deadline).toISOString();
    return failure(
      base,
      'error_deadline',
      'deadline',
      `the wall-clock deadline (${when}) stopped it after ${Math.round(seen.elapsedMs / 1000)}s; its process group was killed`,
    );
  }
  if (seen.stop === 'cancelled') {
    return failure(base, 'cancelled', 'cancelled', 'it was cancelled; its process group was killed');
  }
  const how = seen.exitSignal ? `was killed by ${seen.exitSignal}` : `exited with code ${seen.exitCode}`;
  const stderr = seen.stderrTail.trim();
  return failure(
    base,
    'error_no_result',
    'agent_error',
    `claude ${how} before reporting a result${stderr ? `: ${stderr.slice(-1000)}` : ''}`,
  );
}

function failure(
  base: Pick<ClaudeRunResult, 'sessionId' | 'costUsd' | 'turns' | 'durationMs'>,
  subtype: string,
  failureKind: FailureKind,
  stoppedBy: string,
): ClaudeRunResult {
  return { ...base, success: false, subtype, isError: true, stoppedBy, failureKind };
}

function fromResult(result: ResultMessage, seen: RunObservation): ClaudeRunResult {
  const success = result.subtype === 'success' && !result.is_error;
  const turns = result.num_turns;
  const cost = result.total_cost_usd;
  const common = {
    success,
    subtype: result.subtype,
    isError: result.is_error,
    sessionId: result.session_id ?? seen.sessionId,
    costUsd: cost,
    turns,
    durationMs: result.duration_ms || seen.elapsedMs,
    resultText: result.result,
    structuredOutput: result.structured_output,
  };
  if (success) return { ...common, stoppedBy: `it finished after ${turns} turn(s) at $${cost.toFixed(4)}` };
  const detail = [...(result.errors ?? []), result.result ?? ''].filter((s) => s.trim() !== '').join('; ');
  switch (result.subtype) {
    case 'error_max_turns':
      return {
        ...common,
        failureKind: 'max_turns',
        stoppedBy: `the turn cap (${seen.limits.maxTurns ?? 'CLI default'} turns) stopped it after ${turns} turn(s)`,
      };
    case 'error_max_budget_usd':
      return {
        ...common,
        failureKind: 'max_budget',
        stoppedBy: `the budget cap ($${seen.limits.maxBudgetUsd ?? '?'}) stopped it at $${cost.toFixed(4)}`,
      };
    default: {
      const status = result.api_error_status;
      const auth = status === 401 || status === 403;
      const what =
        result.subtype === 'success'
          ? 'the CLI reported an error'
          : `the CLI stopped with "${result.subtype}"`;
      return {
        ...common,
        failureKind: auth ? 'auth' : 'agent_error',
        stoppedBy: `${what}${status ? ` (API status ${status})` : ''}${detail ? `: ${detail.slice(0, 1000)}` : ''}`,
      };
    }
  }
}

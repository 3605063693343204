import type { ExecutionResult, ExecutionStatus, FailureKind, PullRequestRef } from '../../domain/index.js';
import type { AgentOutcome } from './agent-step.js';
import { statusOf } from './failures.js';

/** How a worktree run ended: a confirmed PR, or a failure with its kind. */
export type WorktreeOutcome =
  | { pullRequest: PullRequestRef; summary?: string }
  | { failure: { kind: FailureKind; message: string } };

export interface WorktreeRunFacts {
  executor: string;
  label: string;
  sessionId: string | null;
  /** The agent step's outcome, when it ran. */
  agent: AgentOutcome | undefined;
  pushedBranch: string | null;
  startedAt: number;
  finishedAt: number;
}

export function outcomeStatus(outcome: WorktreeOutcome): ExecutionStatus {
  return 'failure' in outcome ? statusOf(outcome.failure.kind) : 'succeeded';
}

/** The execution result of a worktree run (pure). */
export function worktreeResult(outcome: WorktreeOutcome, facts: WorktreeRunFacts): ExecutionResult {
  const status = outcomeStatus(outcome);
  const result: ExecutionResult = {
    executor: facts.executor,
    sessionId: facts.sessionId,
    status,
    success: status === 'succeeded',
    pullRequest: 'pullRequest' in outcome ? outcome.pullRequest : null,
    branch: facts.pushedBranch,
    cost: facts.agent?.cost ?? { usd: 0, estimated: false, basis: `${facts.label} did not run` },
    durationMs: Math.max(0, facts.finishedAt - facts.startedAt),
    startedAt: new Date(facts.startedAt).toISOString(),
    finishedAt: new Date(facts.finishedAt).toISOString(),
  };
  if (facts.agent?.turns !== undefined) result.turns = facts.agent.turns;
  if (facts.agent?.trace) result.trace = facts.agent.trace;
  if ('failure' in outcome) result.failure = outcome.failure;
  const summary = 'pullRequest' in outcome ? outcome.summary : outcome.failure.message;
  if (summary) result.summary = summary;
  return result;
}

import {
  type ExecutionResult,
  type ExecutorDescriptor,
  type FailureKind,
  isCloudFailure,
  type Task,
} from '../domain/index.js';
import { errorMessage } from '../util/errors.js';
import { actionForFailure } from './actions.js';
import { type TaskRecords, withAttemptFinished } from './task-records.js';
import type { OrchestratorDependencies, OrchestratorSettings, PullRequestVerdict } from './types.js';

/** Work failures worth another attempt with the evidence; the rest end the task. */
const FIXABLE: ReadonlySet<FailureKind> = new Set(['agent_error', 'no_pull_request', 'max_turns']);

export interface NextAttempt {
  /** Set after a service refused the work: the task runs once more on the runner, and the report says why. */
  fallback?: { from: string; reason: string };
  followUp?: { sessionId: string; instructions: string };
}

/**
 * Records an attempt's result, then decides: done, or the next attempt (a fallback or a fix with
 * the evidence of this one).
 */
export async function judgeAttempt(
  deps: OrchestratorDependencies,
  settings: OrchestratorSettings,
  records: TaskRecords,
  attempt: { task: Task; descriptor: ExecutorDescriptor; number: number; result: ExecutionResult },
  previous: NextAttempt,
): Promise<'done' | NextAttempt> {
  const { logger } = deps;
  const { task, descriptor, number, result } = attempt;
  let failure = result.failure;
  let evidence: string | undefined;
  if (result.success && result.pullRequest) {
    const verdict = await verifySafely(deps, task, result);
    if (verdict.verdict === 'passed') {
      // One write for the attempt and the task: dependents start as soon as it lands.
      await records.updateTask(task.id, (t) => ({
        ...withAttemptFinished(t, number, result, 'succeeded'),
        state: 'succeeded',
        pullRequest: result.pullRequest ?? undefined,
        // The agent may name its own branch: the PR's is the one dependents and fixes use.
        branch: result.pullRequest?.headBranch ?? t.branch,
        checks: { state: 'success' },
        note: undefined,
        action: undefined,
      }));
      logger.info(`Task ${task.id}: succeeded with ${result.pullRequest.url}`);
      return 'done';
    }
    if (verdict.verdict === 'unverified') {
      // The PR is up but no CI ran on it: no retry can fix that, and it is not a pass either.
      await records.updateTask(task.id, (t) => ({
        ...withAttemptFinished(t, number, result, 'succeeded'),
        state: 'pr_open',
        pullRequest: result.pullRequest ?? undefined,
        branch: result.pullRequest?.headBranch ?? t.branch,
        checks: { state: 'pending', summary: verdict.reasons.join('; ') },
        note: `not verified: ${verdict.reasons.join('; ')}`,
        action: verdict.action,
      }));
      logger.warning(
        `Task ${task.id}: ${result.pullRequest.url} is not verified: ${verdict.reasons.join('; ')}`,
      );
      if (verdict.action) logger.warning(`Task ${task.id}: what to do: ${verdict.action.text}`);
      return 'done';
    }
    failure = {
      kind: verdict.verdict === 'timed_out' ? 'deadline' : 'agent_error',
      message: `validation ${verdict.verdict}: ${verdict.reasons.join('; ')}`,
    };
    evidence = verdict.evidence ?? verdict.reasons.join('\n');
    await records.updateTask(task.id, (t) => ({
      ...t,
      pullRequest: result.pullRequest ?? undefined,
      branch: result.pullRequest?.headBranch ?? t.branch,
      checks: { state: 'failure', summary: verdict.reasons.join('; ') },
    }));
  } else if (result.success) {
    failure = {
      kind: 'no_pull_request',
      message: 'the executor reported success but no pull request was confirmed',
    };
  }
  const kind = failure?.kind ?? 'internal';
  const message = failure?.message ?? 'failed without a reason';
  await records.finishAttempt(task.id, number, { ...result, failure: { kind, message } }, 'failed');

  // A service that refused the work (quota, auth, outage) is not the work's fault: run it on the
  // runner once. An executor on the runner that cannot authenticate needs its config fixed instead.
  if (isCloudFailure(kind) && !descriptor.capabilities.needsRunner && !previous.fallback) {
    return {
      fallback: {
        from: descriptor.name,
        reason: `${descriptor.label} could not run it (${kind}: ${message})`,
      },
    };
  }
  const fixesUsed =
    (await records.read()).tasks[task.id]?.attempts.filter((a) => a.failure && FIXABLE.has(a.failure.kind))
      .length ?? 0;
  if (FIXABLE.has(kind) && fixesUsed <= settings.fixAttempts && deps.clock.now() < settings.deadline) {
    const how = descriptor.capabilities.resumesWithEvidence ? 'resumed' : 'run afresh';
    logger.info(
      `Retry: task ${task.id} attempt ${number} failed (${message}); fix ${fixesUsed} of ${settings.fixAttempts}, ${how} with the evidence`,
    );
    const instructions = `The previous attempt did not succeed: ${message}.${evidence ? `\n\nEvidence:\n${evidence}` : ''}\n\nFix this on the same branch and keep the pull request open.`;
    return {
      fallback: previous.fallback,
      followUp: result.sessionId ? { sessionId: result.sessionId, instructions } : undefined,
    };
  }
  await records.finishTask(task.id, 'failed', `${kind}: ${message}`, actionForFailure(kind, message));
  logger.warning(`Task ${task.id}: failed (${kind}: ${message})`);
  return 'done';
}

/**
 * The verdict on a PR, where a validation that cannot run (GitHub unreachable, no checkout) is a
 * timed-out verdict with the reason: it ends the attempt instead of escaping the task's flow.
 */
export async function verifySafely(
  deps: OrchestratorDependencies,
  task: Task,
  result: ExecutionResult,
): Promise<PullRequestVerdict> {
  if (!deps.verify) return { verdict: 'passed', reasons: [] };
  try {
    return await deps.verify(task, result);
  } catch (error) {
    return { verdict: 'timed_out', reasons: [`validation could not run: ${errorMessage(error)}`] };
  }
}

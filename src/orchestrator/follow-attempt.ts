import type { ExecutionResult, IssueRef, Task } from '../domain/index.js';
import { TERMINAL_STATUSES } from '../domain/index.js';
import { type AttemptRecord, type TaskRecord, UNCHANGED } from '../ledger/index.js';
import { errorMessage } from '../util/errors.js';
import { verifySafely } from './judge.js';
import { withTask } from './task-records.js';
import { DEFAULT_LIVENESS, type OrchestratorDependencies, type OrchestratorSettings } from './types.js';

const POLL_MS = { first: 5_000, max: 30_000 };

export type FollowEnd = 'finished' | 'retry' | 'waiting';

/**
 * Follows an attempt this process did not start (another job's, or our own before a restart),
 * without dispatching anything: detached work is read with getStatus until it ends and its PR is
 * looked up by branch; an attempt that lived in its job is watched in the ledger until it ends or its owner's
 * heartbeat goes stale. 'retry' means the attempt is over and failed, so the task may go on.
 */
export async function followAttempt(
  deps: OrchestratorDependencies,
  settings: OrchestratorSettings,
  issue: IssueRef,
  task: Task,
): Promise<FollowEnd> {
  let delay = POLL_MS.first;
  for (;;) {
    const record = await deps.ledger.readIssue(issue.identifier);
    const own = record?.tasks[task.id];
    const attempt = own?.attempts.at(-1);
    if (!own || !attempt || own.state !== 'running') return own?.state === 'pending' ? 'retry' : 'finished';
    if (attempt.finishedAt) return own.state === 'running' ? 'retry' : 'finished';

    const descriptor = deps.registry.get(attempt.executor);
    if (descriptor?.capabilities.detaches && attempt.sessionId) {
      const status = await descriptor
        .create()
        .getStatus(attempt.sessionId)
        .catch((error: unknown) => {
          deps.logger.warning(
            `Task ${task.id}: could not read ${attempt.executor} session ${attempt.sessionId}: ${errorMessage(error)}`,
          );
          return 'running' as const;
        });
      if (TERMINAL_STATUSES.has(status)) return settleFollowed(deps, issue, task, own, attempt, status);
    } else if (isStale(deps, settings, attempt)) {
      await closeAttempt(
        deps,
        issue,
        task.id,
        attempt.number,
        'the job that ran it stopped before it finished',
      );
      deps.logger.warning(
        `Task ${task.id}: attempt ${attempt.number} was abandoned by ${attempt.owner ?? 'a job'}; it will run again`,
      );
      return 'retry';
    }
    if (!settings.wait || deps.clock.now() + delay > settings.deadline) return 'waiting';
    await deps.clock.sleep(delay);
    delay = Math.min(POLL_MS.max, delay * 2);
  }
}

/** An unfinished attempt with no news (heartbeat, or session id) for this long belongs to a job that died. */
function isStale(
  deps: OrchestratorDependencies,
  settings: OrchestratorSettings,
  attempt: AttemptRecord,
): boolean {
  const last = Date.parse(attempt.heartbeatAt ?? attempt.startedAt);
  return deps.clock.now() - last > (settings.liveness ?? DEFAULT_LIVENESS).staleAfterMs;
}

/** A followed cloud run ended: its PR is looked up by branch, and the outcome recorded once. */
async function settleFollowed(
  deps: OrchestratorDependencies,
  issue: IssueRef,
  task: Task,
  own: TaskRecord,
  attempt: AttemptRecord,
  status: ExecutionResult['status'],
): Promise<FollowEnd> {
  const pullRequest = status === 'succeeded' && own.branch ? await deps.findPullRequest(own.branch) : null;
  if (!pullRequest) {
    const why =
      status === 'succeeded'
        ? 'the run completed but no pull request was found for its branch'
        : `the run ended ${status}`;
    await closeAttempt(deps, issue, task.id, attempt.number, why);
    return 'retry';
  }
  const now = new Date(deps.clock.now()).toISOString();
  const result: ExecutionResult = {
    executor: attempt.executor,
    sessionId: attempt.sessionId,
    status,
    success: true,
    pullRequest,
    branch: own.branch ?? null,
    cost: { usd: 0, estimated: true, basis: 'followed after a restart; reserved estimate kept' },
    durationMs: deps.clock.now() - Date.parse(attempt.startedAt),
    startedAt: attempt.startedAt,
    finishedAt: now,
  };
  const verdict = await verifySafely(deps, task, result);
  const passed = verdict.verdict === 'passed';
  // As in the task's own flow: a failed validation is the work's to fix (another attempt), one
  // that could not finish in time ends the task.
  const timedOut = verdict.verdict === 'timed_out';
  // No CI ran and none could be started: the PR stays up with what to do; no retry can fix it.
  const unverified = verdict.verdict === 'unverified';
  await deps.ledger.updateIssue(issue.identifier, (record) => {
    const current = record.tasks[task.id];
    const last = current?.attempts.at(-1);
    if (!current || !last || last.number !== attempt.number || last.finishedAt) return UNCHANGED;
    return withTask(record, task.id, {
      ...current,
      state: passed ? 'succeeded' : unverified ? 'pr_open' : timedOut ? 'failed' : 'running',
      note:
        timedOut || unverified
          ? `validation ${verdict.verdict}: ${verdict.reasons.join('; ')}`
          : current.note,
      action: unverified ? verdict.action : current.action,
      pullRequest,
      branch: pullRequest.headBranch ?? current.branch,
      checks: {
        state: passed ? 'success' : unverified ? 'pending' : 'failure',
        summary: verdict.reasons.join('; ') || undefined,
      },
      attempts: current.attempts.map((a) =>
        a.number === attempt.number
          ? {
              ...a,
              status: passed || unverified ? 'succeeded' : 'failed',
              finishedAt: now,
              failure:
                passed || unverified
                  ? undefined
                  : {
                      kind: timedOut ? 'deadline' : 'agent_error',
                      message: `validation ${verdict.verdict}: ${verdict.reasons.join('; ')}`,
                    },
            }
          : a,
      ),
      updatedAt: now,
    });
  });
  return passed || timedOut || unverified ? 'finished' : 'retry';
}

async function closeAttempt(
  deps: OrchestratorDependencies,
  issue: IssueRef,
  taskId: string,
  number: number,
  message: string,
): Promise<void> {
  const now = new Date(deps.clock.now()).toISOString();
  await deps.ledger.updateIssue(issue.identifier, (record) => {
    const current = record.tasks[taskId];
    const last = current?.attempts.at(-1);
    if (!current || !last || last.number !== number || last.finishedAt) return UNCHANGED;
    return withTask(record, taskId, {
      ...current,
      attempts: current.attempts.map((a) =>
        a.number === number
          ? { ...a, status: 'failed', finishedAt: now, failure: { kind: 'agent_error', message } }
          : a,
      ),
      updatedAt: now,
    });
  });
}

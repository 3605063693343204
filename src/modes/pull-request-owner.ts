import type { ExecutorRegistry } from '../domain/index.js';
import type { IssueRecord, TaskRecord } from '../ledger/index.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';

export interface PullRequestOwner {
  record: IssueRecord;
  task: TaskRecord;
  /** How the PR was recognised, for the log. */
  how: string;
}

interface EventPullRequest {
  number: number;
  url: string;
  headRef: string;
}

/**
 * The subtask a PR belongs to, by the ledger: its recorded PR number or branch, else the PR its
 * executor's session lists (an agent may name its branch and title itself, and with
 * `wait: false` the PR event can come before the ledger knows the PR).
 */
export async function findPullRequestOwner(
  records: readonly IssueRecord[],
  pr: EventPullRequest,
  executors: ExecutorRegistry,
  logger: Logger,
): Promise<PullRequestOwner | undefined> {
  const tasks = records.flatMap((record) => Object.values(record.tasks).map((task) => ({ record, task })));
  const byNumber = tasks.find(({ task }) => task.pullRequest?.number === pr.number);
  if (byNumber) return { ...byNumber, how: `its PR #${pr.number} in the ledger` };
  const byBranch = tasks.find(({ task }) => task.branch === pr.headRef);
  if (byBranch) return { ...byBranch, how: `its branch ${pr.headRef} in the ledger` };
  const open = tasks.filter(({ task }) => !task.pullRequest && task.state === 'running');
  for (const candidate of open) {
    const attempt = candidate.task.attempts.at(-1);
    const descriptor = attempt?.sessionId ? executors.get(attempt.executor) : undefined;
    if (!attempt?.sessionId || !descriptor?.sessionPullRequests) continue;
    try {
      const listed = (await descriptor.sessionPullRequests(attempt.sessionId)).some(
        (p) => p.url === pr.url || (p.headBranch === pr.headRef && p.url.endsWith(`/${pr.number}`)),
      );
      if (listed)
        return { ...candidate, how: `${descriptor.label} run ${attempt.sessionId} of the ledger lists it` };
    } catch (error) {
      logger.warning(
        `validate: could not read ${attempt.executor} session ${attempt.sessionId}: ${errorMessage(error)}`,
      );
    }
  }
  return undefined;
}

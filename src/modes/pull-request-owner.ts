import type { CodegenClient } from '../codegen/index.js';
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
 * Codegen run lists in `github_pull_requests` (an agent may name its branch and title itself, and
 * with `wait: false` the PR event can come before the ledger knows the PR).
 */
export async function findPullRequestOwner(
  records: readonly IssueRecord[],
  pr: EventPullRequest,
  codegen: CodegenClient | undefined,
  logger: Logger,
): Promise<PullRequestOwner | undefined> {
  const tasks = records.flatMap((record) => Object.values(record.tasks).map((task) => ({ record, task })));
  const byNumber = tasks.find(({ task }) => task.pullRequest?.number === pr.number);
  if (byNumber) return { ...byNumber, how: `its PR #${pr.number} in the ledger` };
  const byBranch = tasks.find(({ task }) => task.branch === pr.headRef);
  if (byBranch) return { ...byBranch, how: `its branch ${pr.headRef} in the ledger` };
  if (!codegen) return undefined;
  const open = tasks.filter(({ task }) => !task.pullRequest && task.state === 'running');
  for (const candidate of open) {
    const runId = Number(candidate.task.attempts.at(-1)?.sessionId);
    if (!Number.isSafeInteger(runId) || runId <= 0) continue;
    try {
      const run = await codegen.getRun(runId);
      const listed = (run.github_pull_requests ?? []).some(
        (p) => p.url === pr.url || (p.head_branch_name === pr.headRef && p.url?.endsWith(`/${pr.number}`)),
      );
      if (listed) return { ...candidate, how: `Codegen run ${runId} of the ledger lists it` };
    } catch (error) {
      logger.warning(`validate: could not read Codegen run ${runId}: ${errorMessage(error)}`);
    }
  }
  return undefined;
}

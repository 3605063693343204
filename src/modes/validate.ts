import type { IssueRecord } from '../ledger/index.js';
import { withTask } from '../orchestrator/task-records.js';
import type { ModeContext, ModeOutcome } from './context.js';
import { landAfterEvent } from './land.js';
import { findPullRequestOwner } from './pull-request-owner.js';
import { validate } from './verify.js';

/**
 * `validate` (pull_request opened/synchronize/reopened): validates a tracked subtask's PR and
 * records the verdict on its task. PRs that are not a subtask's are a clean skip.
 */
export async function validateMode(context: ModeContext): Promise<ModeOutcome> {
  const { runtime, logger } = context;
  const pr = context.decision.pullRequest;
  if (!pr) return { status: 'skipped', decisions: ['validate needs a pull_request event'] };
  const owner = await findPullRequestOwner(
    await runtime.ledger.listIssues(),
    pr,
    await runtime.executors(),
    logger,
  );
  if (!owner) {
    return {
      status: 'skipped',
      decisions: [`PR #${pr.number} (${pr.headRef}) is not a codegen-action subtask; nothing to validate`],
    };
  }
  const { record, task } = owner;
  logger.info(`validate: PR #${pr.number} is ${record.issue.identifier}/${task.id} (${owner.how})`);
  const adopted = task.pullRequest ? undefined : await runtime.github.getPullRequest(pr.number);
  const verdict = await validate(context, runtime, pr.number, {
    issue: record.issue.identifier,
    task: { id: task.id, title: task.title },
  });
  logger.info(
    `Validation of PR #${pr.number} (${record.issue.identifier}/${task.id}): ${verdict.verdict}${verdict.reasons.length ? `: ${verdict.reasons.join('; ')}` : ''}`,
  );
  const checks = {
    state:
      verdict.verdict === 'passed' || verdict.verdict === 'skipped'
        ? ('success' as const)
        : verdict.verdict === 'failed'
          ? ('failure' as const)
          : ('pending' as const),
    headSha: verdict.headSha ?? pr.headSha,
    summary: verdict.reasons.join('; ') || undefined,
  };
  const validated: IssueRecord = await runtime.ledger.updateIssue(record.issue.identifier, (r) => {
    const current = r.tasks[task.id];
    return current
      ? withTask(r, task.id, {
          ...current,
          // Adopt the PR (and the agent's own branch) when only the Codegen run knew it.
          pullRequest: current.pullRequest ?? {
            number: pr.number,
            url: pr.url,
            headBranch: pr.headRef,
            title: adopted?.title ?? pr.headRef,
          },
          branch: current.pullRequest ? current.branch : pr.headRef,
          checks,
          updatedAt: new Date(context.clock.now()).toISOString(),
        })
      : r;
  });
  // A PR validated again (after a retarget or an update) may be the next to land.
  const updated = await landAfterEvent(context, validated);
  return {
    status:
      verdict.verdict === 'failed'
        ? 'failure'
        : verdict.verdict === 'timed_out' || verdict.verdict === 'unverified'
          ? 'pending'
          : 'success',
    decisions: [
      `PR #${pr.number} of ${record.issue.identifier}/${task.id}: ${verdict.verdict}`,
      ...verdict.reasons,
    ],
    issue: { identifier: record.issue.identifier, title: record.issue.title, url: record.issue.url },
    pullRequests: [pr.url],
    work: { record: updated },
  };
}

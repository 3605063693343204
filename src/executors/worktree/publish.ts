import type { ExecutionContext, PullRequestRef } from '../../domain/index.js';
import type { GitHubGateway, PullRequestInfo } from '../../github/index.js';
import type { Logger } from '../../util/logger.js';
import { TaskFailure } from './failures.js';
import { type PullRequestBodyFacts, pullRequestBody, pullRequestTitle } from './pull-request.js';
import { describeRefusal } from './pull-request-refusal.js';

export function commitMessage(
  context: ExecutionContext,
  writtenBy: string,
  sessionId: string | null,
): string {
  return [
    `${context.issue.identifier}: ${context.task.title}`,
    '',
    `Subtask ${context.task.id} of ${context.issue.identifier}, attempt ${context.attempt}.`,
    `Written by ${writtenBy}${sessionId ? ` (session ${sessionId})` : ''}; committed by codegen-action.`,
  ].join('\n');
}

/** Reuse the open PR of this branch, else open one; then confirm branch and PR on GitHub. */
export async function openPullRequest(
  github: GitHubGateway,
  context: ExecutionContext,
  remoteUrl: string,
  facts: PullRequestBodyFacts,
  logger?: Logger,
): Promise<PullRequestRef> {
  const existing = await github.findPullRequestByBranch(context.branch);
  let pr: PullRequestInfo;
  if (existing && existing.state === 'open') {
    pr = existing;
    logger?.info(`reusing pull request #${pr.number} for ${context.branch}`);
  } else {
    pr = await github
      .createPullRequest({
        title: pullRequestTitle(context),
        body: pullRequestBody(context, facts),
        head: context.branch,
        base: context.baseBranch,
      })
      .catch((error: unknown) => {
        const where = { remoteUrl, base: context.baseBranch, branch: context.branch };
        const refusal = describeRefusal(error, where);
        throw refusal ? new TaskFailure('pull_request_refused', refusal.message) : error;
      });
  }
  // Success is what GitHub shows, not what we sent.
  if (!(await github.branchExists(context.branch))) {
    throw new TaskFailure(
      'no_pull_request',
      `the push reported success but GitHub does not show branch ${context.branch}`,
    );
  }
  const confirmed = await github.getPullRequest(pr.number);
  if (!confirmed || confirmed.headRef !== context.branch) {
    throw new TaskFailure(
      'no_pull_request',
      `GitHub does not show pull request #${pr.number} with head ${context.branch} after it was opened`,
    );
  }
  return {
    number: confirmed.number,
    url: confirmed.url,
    headBranch: confirmed.headRef,
    title: confirmed.title,
  };
}

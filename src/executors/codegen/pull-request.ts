import type { AgentRun, GithubPullRequest } from '../../codegen/index.js';
import type { ExecutionContext, PullRequestRef } from '../../domain/index.js';
import type { GitHubGateway, PullRequestInfo } from '../../github/index.js';

export type PullRequestCheck =
  | { confirmed: true; pullRequest: PullRequestRef; notes: string[] }
  | { confirmed: false; reason: string };

/** owner, repo and number out of a PR URL (github.com or any host that keeps the path). */
export function parsePullRequestUrl(
  url: string,
): { owner: string; repo: string; number: number } | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const match = /\/([^/]+)\/([^/]+)\/pulls?\/(\d+)\/?$/.exec(path);
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return { owner: match[1], repo: match[2], number: Number(match[3]) };
}

/** The run's PRs, the most likely first: on the expected branch, then naming the issue, then newest. */
function candidates(run: AgentRun, context: ExecutionContext): GithubPullRequest[] {
  const identifier = context.issue.identifier.toLowerCase();
  const score = (pr: GithubPullRequest) =>
    (pr.head_branch_name === context.branch ? 2 : 0) +
    ((pr.title ?? '').toLowerCase().includes(identifier) ? 1 : 0);
  return [...(run.github_pull_requests ?? [])].sort(
    (a, b) => score(b) - score(a) || Date.parse(b.created_at) - Date.parse(a.created_at),
  );
}

function toRef(info: PullRequestInfo): PullRequestRef {
  return { number: info.number, url: info.url, headBranch: info.headRef, title: info.title };
}

/** Why GitHub's view of a PR rules it out, or undefined when it stands. */
function disqualify(info: PullRequestInfo, listed?: GithubPullRequest): string | undefined {
  if (info.fromFork) return `PR #${info.number} comes from a fork`;
  if (info.state === 'closed' && !info.merged) return `PR #${info.number} was closed without merging`;
  if (listed?.head_branch_name && listed.head_branch_name !== info.headRef) {
    return `PR #${info.number} on GitHub has head ${info.headRef}, not ${listed.head_branch_name} as Codegen reported`;
  }
  return undefined;
}

/**
 * Takes the PR from the run's `github_pull_requests` and confirms it on GitHub; the agent's word
 * alone never counts. When Codegen lists none, GitHub is asked for a PR on the expected branch.
 */
export async function confirmPullRequest(
  run: AgentRun,
  context: ExecutionContext,
  gateway: GitHubGateway,
): Promise<PullRequestCheck> {
  const { owner, repo } = gateway.repository;
  const rejected: string[] = [];
  for (const listed of candidates(run, context)) {
    const parsed = listed.url ? parsePullRequestUrl(listed.url) : undefined;
    if (!parsed) {
      rejected.push(`Codegen listed a PR without a usable URL (${listed.url ?? 'none'})`);
      continue;
    }
    if (
      parsed.owner.toLowerCase() !== owner.toLowerCase() ||
      parsed.repo.toLowerCase() !== repo.toLowerCase()
    ) {
      rejected.push(`${listed.url} is not in ${owner}/${repo}`);
      continue;
    }
    const info = await gateway.getPullRequest(parsed.number);
    if (!info) {
      rejected.push(`${listed.url} does not exist on GitHub`);
      continue;
    }
    const problem = disqualify(info, listed);
    if (problem) {
      rejected.push(problem);
      continue;
    }
    const notes =
      info.headRef === context.branch
        ? []
        : [`the PR's branch is ${info.headRef}, not ${context.branch} as asked`];
    return { confirmed: true, pullRequest: toRef(info), notes: [...rejected, ...notes] };
  }

  const byBranch = await gateway.findPullRequestByBranch(context.branch);
  if (byBranch && !disqualify(byBranch)) {
    const note = `Codegen did not report it; found on GitHub by its branch ${context.branch}`;
    return { confirmed: true, pullRequest: toRef(byBranch), notes: [...rejected, note] };
  }
  const listedNone = (run.github_pull_requests ?? []).length === 0;
  const reason = listedNone
    ? `Codegen run ${run.id} finished without opening a pull request, and GitHub has none on ${context.branch}`
    : `no pull request of Codegen run ${run.id} could be confirmed on GitHub (${rejected.join('; ')})`;
  return { confirmed: false, reason };
}

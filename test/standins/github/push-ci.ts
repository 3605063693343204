import { startsWorkflows } from './actions-rules.js';
import { type GitHubState, isoNow, type PullRequest } from './state.js';

/**
 * A push to `branch` by `login` (an agent's fix, a person's commit): on GitHub every open
 * same-repository PR with that head gets a `synchronize` event, so its pull_request workflows run
 * on the new head exactly as they did when the PR opened. A push made with the workflow's own
 * `GITHUB_TOKEN` raises no event and starts nothing (contracts). Returns the PRs whose CI started.
 */
export function branchPushed(
  state: GitHubState,
  owner: string,
  repo: string,
  branch: string,
  login: string,
): PullRequest[] {
  const record = state.repo(owner, repo);
  const sha = record?.store.branch(branch);
  if (!record || !sha) throw new Error(`branchPushed: no branch ${branch} in ${owner}/${repo}`);
  const synchronized = record.pulls.filter((p) => p.state === 'open' && !p.fromFork && p.head.ref === branch);
  for (const pr of synchronized) pr.updated_at = isoNow();
  if (!startsWorkflows(state, login)) return [];
  for (const pr of synchronized) startPullRequestCi(state, owner, repo, pr, sha);
  return synchronized;
}

/** The repository's CI on a PR head, as a workflow on `pull_request` would run it. */
export function startPullRequestCi(
  state: GitHubState,
  owner: string,
  repo: string,
  pr: PullRequest,
  sha: string,
): void {
  for (const workflow of state.workflowsOf(owner, repo).filter((w) => w.onPullRequest))
    state.runWorkflow(owner, repo, workflow, sha, pr.head.ref);
  if (!state.ci) return;
  state.addCheckSuite(owner, repo, sha, {
    headBranch: pr.head.ref,
    checkRuns: [
      { name: state.ci.name ?? 'test', conclusion: state.ci.conclusion(pr), summary: 'stand-in CI' },
    ],
  });
}

import type { RunScript, RunView, StandInPullRequest } from './script.js';

/** The part of the GitHub stand-in's state that opening a PR needs. */
export interface PullRequestSink {
  /** When the sink holds branches too, the agent's branch is pushed before the PR is opened. */
  branchSha?(owner: string, repo: string, branch: string): string | undefined;
  addBranch?(owner: string, repo: string, branch: string): string;
  addPullRequest(
    owner: string,
    repo: string,
    pr: { head: string; base?: string; title: string; body?: string },
  ): { number: number; html_url: string; title: string; head: { ref: string } };
}

export interface GitHubAppOptions {
  owner: string;
  repo: string;
  /** Branch the PR targets; default the repository's default branch. */
  base?: string;
  /** Head branch; default the `branch` in the run's metadata. */
  branch?: (run: RunView) => string;
  /** PR title; default "<issue>: <task>" from the metadata. */
  title?: (run: RunView) => string;
}

/**
 * A finish hook that does what Codegen's GitHub App does when the agent is done: opens the PR in
 * the GitHub stand-in, then lists it on the run. Reuses a PR already opened by an earlier finish.
 */
export function openPullRequestOnFinish(
  sink: PullRequestSink,
  options: GitHubAppOptions,
): NonNullable<RunScript['onFinish']> {
  return (run) => {
    if (run.pullRequests.length > 0) return [];
    // The agent worked in another repository of the org (no repo_id): nothing lands in this one.
    if (run.repository && run.repository.toLowerCase() !== `${options.owner}/${options.repo}`.toLowerCase())
      return [];
    const head = options.branch?.(run) ?? String(run.metadata?.branch ?? `codegen-bot/run-${run.id}`);
    // Codegen's agent pushes its branch first: the PR's head is a real commit (checks attach to it).
    if (sink.addBranch && !sink.branchSha?.(options.owner, options.repo, head))
      sink.addBranch(options.owner, options.repo, head);
    const title =
      options.title?.(run) ??
      `${String(run.metadata?.issue ?? 'RUN')}: task ${String(run.metadata?.task ?? run.id)}`;
    const pr = sink.addPullRequest(options.owner, options.repo, {
      head,
      base: options.base,
      title,
      body: `Codegen run ${run.id}`,
    });
    const listed: StandInPullRequest = {
      id: 80_000 + pr.number,
      title: pr.title,
      url: pr.html_url,
      created_at: new Date().toISOString(),
      head_branch_name: pr.head.ref,
    };
    return [listed];
  };
}

import type { AppRecord, CheckRunRecord, CheckSuiteRecord, StatusRecord } from './checks-state.js';
import { repository, simpleUser } from './payloads.js';
import type { GitHubState, PullRequest, RepoRecord } from './state.js';

/** Check and status bodies shaped like GitHub's (`check-run`, `check-suite`, `status`, ...). */
type Json = Record<string, unknown>;

const nodeId = (kind: string, id: number | string) => Buffer.from(`${kind}:${id}`).toString('base64url');

/** `integration` (an App), as embedded in check runs and suites. */
export function integration(state: GitHubState, app: AppRecord): Json {
  return {
    id: app.id,
    slug: app.slug,
    node_id: nodeId('Integration', app.id),
    client_id: `Iv1.${app.id.toString(16).padStart(16, '0')}`,
    owner: simpleUser(state, app.owner),
    name: app.name,
    description: null,
    external_url: `${state.serverUrl}/apps/${app.slug}`,
    html_url: `${state.serverUrl}/apps/${app.slug}`,
    created_at: app.createdAt,
    updated_at: app.createdAt,
    permissions: { checks: 'write', contents: 'read', metadata: 'read', pull_requests: 'write' },
    events: ['check_suite', 'check_run', 'pull_request'],
  };
}

/** `pull-request-minimal`: the open PRs of this repository whose head is `sha`. */
function pullRequestsAt(state: GitHubState, repo: RepoRecord, sha: string): Json[] {
  const r = `${state.baseUrl}/repos/${repo.owner}/${repo.name}`;
  const repoRef = { id: repo.id, url: r, name: repo.name };
  return repo.pulls
    .filter((p: PullRequest) => p.state === 'open' && !p.fromFork && repo.store.branch(p.head.ref) === sha)
    .map((p) => ({
      id: p.id,
      number: p.number,
      url: `${r}/pulls/${p.number}`,
      head: { ref: p.head.ref, sha, repo: repoRef },
      base: { ref: p.base.ref, sha: repo.store.branch(p.base.ref) ?? p.base.sha, repo: repoRef },
    }));
}

/** `check-run`. */
export function checkRun(state: GitHubState, repo: RepoRecord, run: CheckRunRecord): Json {
  const r = `${state.baseUrl}/repos/${repo.owner}/${repo.name}`;
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: nodeId('CheckRun', run.id),
    external_id: run.externalId ?? '',
    url: `${r}/check-runs/${run.id}`,
    html_url: `${state.serverUrl}/${repo.owner}/${repo.name}/runs/${run.id}`,
    details_url: run.detailsUrl ?? `${state.serverUrl}/apps/${run.app.slug}`,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: 0,
      annotations_url: `${r}/check-runs/${run.id}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.suiteId },
    app: integration(state, run.app),
    pull_requests: pullRequestsAt(state, repo, run.headSha),
  };
}

/** `check-suite`. */
export function checkSuite(state: GitHubState, repo: RepoRecord, suite: CheckSuiteRecord): Json {
  const r = `${state.baseUrl}/repos/${repo.owner}/${repo.name}`;
  const commit = repo.store.commit(suite.headSha);
  const author = commit ? { name: commit.author.name, email: commit.author.email } : null;
  return {
    id: suite.id,
    node_id: nodeId('CheckSuite', suite.id),
    head_branch: suite.headBranch,
    head_sha: suite.headSha,
    status: suite.status,
    conclusion: suite.conclusion,
    url: `${r}/check-suites/${suite.id}`,
    before: commit?.parents[0] ?? '0'.repeat(40),
    after: suite.headSha,
    pull_requests: pullRequestsAt(state, repo, suite.headSha),
    app: integration(state, suite.app),
    repository: repository(state, repo),
    created_at: suite.createdAt,
    updated_at: suite.updatedAt,
    head_commit: {
      id: suite.headSha,
      tree_id: commit?.treeSha ?? suite.headSha,
      message: commit?.message ?? '',
      timestamp: commit?.author.date ?? suite.createdAt,
      author,
      committer: author,
    },
    latest_check_runs_count: repo.checkRuns.filter((c) => c.suiteId === suite.id).length,
    check_runs_url: `${r}/check-suites/${suite.id}/check-runs`,
    rerequestable: true,
    runs_rerequestable: true,
  };
}

function statusUrl(state: GitHubState, repo: RepoRecord, sha: string): string {
  return `${state.baseUrl}/repos/${repo.owner}/${repo.name}/statuses/${sha}`;
}

/** `status`: the 201 of POST /statuses/{sha}. */
export function status(state: GitHubState, repo: RepoRecord, s: StatusRecord): Json {
  const creator = simpleUser(state, s.creator);
  return {
    url: statusUrl(state, repo, s.sha),
    avatar_url: creator.avatar_url,
    id: s.id,
    node_id: nodeId('StatusContext', s.id),
    state: s.state,
    description: s.description,
    target_url: s.targetUrl,
    context: s.context,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    creator,
  };
}

/**
 * `combined-commit-status`: the latest status per context; `failure` if any is error or failure,
 * `pending` if any is pending or there are none, else `success` (GitHub's documented rule).
 */
export function combinedStatus(state: GitHubState, repo: RepoRecord, sha: string): Json {
  const latest = new Map<string, StatusRecord>();
  for (const s of repo.statuses.filter((x) => x.sha === sha)) latest.set(s.context, s);
  const statuses = [...latest.values()].sort((a, b) => b.id - a.id);
  const states = statuses.map((s) => s.state);
  const combined =
    states.includes('error') || states.includes('failure')
      ? 'failure'
      : states.length === 0 || states.includes('pending')
        ? 'pending'
        : 'success';
  const r = `${state.baseUrl}/repos/${repo.owner}/${repo.name}`;
  return {
    state: combined,
    statuses: statuses.map((s) => ({
      url: statusUrl(state, repo, s.sha),
      avatar_url: simpleUser(state, s.creator).avatar_url,
      id: s.id,
      node_id: nodeId('StatusContext', s.id),
      state: s.state,
      description: s.description,
      target_url: s.targetUrl,
      context: s.context,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
    })),
    sha,
    total_count: statuses.length,
    repository: repository(state, repo),
    commit_url: `${r}/commits/${sha}`,
    url: `${r}/commits/${sha}/status`,
  };
}

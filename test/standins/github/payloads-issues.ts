import type { CommentRecord, IssueRecord, ReviewRecord } from './issues-state.js';
import { label, simpleUser } from './payloads.js';
import type { GitHubState, PullRequest, RepoRecord } from './state.js';

/** Issue, comment and review bodies shaped like GitHub's (`issue`, `issue-comment`, `pull-request-review`). */
type Json = Record<string, unknown>;

const nodeId = (kind: string, id: number | string) => Buffer.from(`${kind}:${id}`).toString('base64url');

function association(repo: RepoRecord, state: GitHubState, login: string): string {
  if (login.toLowerCase() === repo.owner.toLowerCase()) return 'OWNER';
  const p = state.permissionOf(repo.owner, repo.name, login);
  return p === 'write' || p === 'maintain' || p === 'admin' ? 'COLLABORATOR' : 'NONE';
}

function reactions(url: string): Json {
  return {
    url: `${url}/reactions`,
    total_count: 0,
    '+1': 0,
    '-1': 0,
    laugh: 0,
    confused: 0,
    heart: 0,
    hooray: 0,
    eyes: 0,
    rocket: 0,
  };
}

interface IssueLike {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  labels: string[];
  user: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  pull?: PullRequest;
}

export const fromIssue = (i: IssueRecord): IssueLike => ({ ...i });
export const fromPull = (p: PullRequest): IssueLike => ({
  id: p.id,
  number: p.number,
  title: p.title,
  body: p.body,
  state: p.state,
  labels: p.labels,
  user: p.user,
  createdAt: p.created_at,
  updatedAt: p.updated_at,
  closedAt: p.closed_at,
  pull: p,
});

/** `issue`; a PR seen through the issues API carries `pull_request`, as on GitHub. */
export function issue(state: GitHubState, repo: RepoRecord, i: IssueLike): Json {
  const r = `${state.baseUrl}/repos/${repo.owner}/${repo.name}`;
  const url = `${r}/issues/${i.number}`;
  const comments = repo.comments.filter((c) => c.issueNumber === i.number).length;
  return {
    id: i.id,
    node_id: nodeId(i.pull ? 'PullRequest' : 'Issue', i.id),
    url,
    repository_url: r,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: i.pull ? i.pull.html_url : `${state.serverUrl}/${repo.owner}/${repo.name}/issues/${i.number}`,
    number: i.number,
    state: i.state,
    state_reason: i.state === 'closed' ? 'completed' : null,
    title: i.title,
    body: i.body,
    user: simpleUser(state, i.user),
    labels: i.labels.map((name) => label(state, repo, name)),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments,
    ...(i.pull
      ? {
          pull_request: {
            merged_at: i.pull.merged_at,
            diff_url: `${i.pull.html_url}.diff`,
            html_url: i.pull.html_url,
            patch_url: `${i.pull.html_url}.patch`,
            url: `${r}/pulls/${i.number}`,
          },
          draft: i.pull.draft,
        }
      : {}),
    closed_at: i.closedAt,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    closed_by: null,
    timeline_url: `${url}/timeline`,
    author_association: association(repo, state, i.user),
    reactions: reactions(url),
  };
}

/** `issue-comment`. */
export function issueComment(state: GitHubState, repo: RepoRecord, c: CommentRecord): Json {
  const r = `${state.baseUrl}/repos/${repo.owner}/${repo.name}`;
  const pull = repo.pulls.find((p) => p.number === c.issueNumber);
  const page = pull ? pull.html_url : `${state.serverUrl}/${repo.owner}/${repo.name}/issues/${c.issueNumber}`;
  const url = `${r}/issues/comments/${c.id}`;
  return {
    id: c.id,
    node_id: nodeId('IssueComment', c.id),
    url,
    body: c.body,
    html_url: `${page}#issuecomment-${c.id}`,
    user: simpleUser(state, c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    issue_url: `${r}/issues/${c.issueNumber}`,
    author_association: association(repo, state, c.user),
    performed_via_github_app: null,
    reactions: reactions(url),
  };
}

/** `pull-request-review`. */
export function review(state: GitHubState, repo: RepoRecord, rv: ReviewRecord): Json {
  const pull = repo.pulls.find((p) => p.number === rv.pullNumber);
  const r = `${state.baseUrl}/repos/${repo.owner}/${repo.name}`;
  const html = `${pull?.html_url ?? `${state.serverUrl}/${repo.owner}/${repo.name}/pull/${rv.pullNumber}`}#pullrequestreview-${rv.id}`;
  return {
    id: rv.id,
    node_id: nodeId('PullRequestReview', rv.id),
    user: simpleUser(state, rv.user),
    body: rv.body,
    state: rv.state,
    html_url: html,
    pull_request_url: `${r}/pulls/${rv.pullNumber}`,
    _links: { html: { href: html }, pull_request: { href: `${r}/pulls/${rv.pullNumber}` } },
    ...(rv.submittedAt ? { submitted_at: rv.submittedAt } : {}),
    commit_id: rv.commitId,
    author_association: association(repo, state, rv.user),
  };
}

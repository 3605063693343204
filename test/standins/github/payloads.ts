import { createHash } from 'node:crypto';
import { mergeStateStatus, mergeWorld } from './merge-state.js';
import type { GitHubState, Permission, PullRequest, RepoRecord } from './state.js';
import type { CommitRecord, TreeEntry } from './store.js';

/**
 * Response bodies shaped like GitHub's (schemas in `@octokit/openapi`): every field a schema marks
 * required is present. `test/github/standin-drift.test.ts` validates these against the spec.
 */
type Json = Record<string, unknown>;

export const nodeId = (kind: string, id: number | string) =>
  Buffer.from(`${kind}:${id}`).toString('base64url');

export function simpleUser(state: GitHubState, login: string): Json {
  const base = state.baseUrl;
  const u = `${base}/users/${login}`;
  return {
    login,
    id: state.userId(login),
    node_id: nodeId('User', state.userId(login)),
    avatar_url: `${base}/avatars/${encodeURIComponent(login)}`,
    gravatar_id: '',
    url: u,
    html_url: `${state.serverUrl}/${login}`,
    followers_url: `${u}/followers`,
    following_url: `${u}/following{/other_user}`,
    gists_url: `${u}/gists{/gist_id}`,
    starred_url: `${u}/starred{/owner}{/repo}`,
    subscriptions_url: `${u}/subscriptions`,
    organizations_url: `${u}/orgs`,
    repos_url: `${u}/repos`,
    events_url: `${u}/events{/privacy}`,
    received_events_url: `${u}/received_events`,
    type: login.endsWith('[bot]') ? 'Bot' : 'User',
    user_view_type: 'public',
    site_admin: false,
  };
}

/** The `repository` schema (as embedded in PRs); `fork` describes a fork owned by `owner`. */
export function repository(state: GitHubState, repo: RepoRecord, owner = repo.owner): Json {
  const fork = owner.toLowerCase() !== repo.owner.toLowerCase();
  const full = `${owner}/${repo.name}`;
  const r = `${state.baseUrl}/repos/${full}`;
  const html = `${state.serverUrl}/${full}`;
  const host = new URL(state.baseUrl).host;
  return {
    id: fork ? repo.id + 500_000 : repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: full,
    private: repo.isPrivate,
    owner: simpleUser(state, owner),
    html_url: html,
    description: null,
    fork,
    url: r,
    archive_url: `${r}/{archive_format}{/ref}`,
    assignees_url: `${r}/assignees{/user}`,
    blobs_url: `${r}/git/blobs{/sha}`,
    branches_url: `${r}/branches{/branch}`,
    collaborators_url: `${r}/collaborators{/collaborator}`,
    comments_url: `${r}/comments{/number}`,
    commits_url: `${r}/commits{/sha}`,
    compare_url: `${r}/compare/{base}...{head}`,
    contents_url: `${r}/contents/{+path}`,
    contributors_url: `${r}/contributors`,
    deployments_url: `${r}/deployments`,
    downloads_url: `${r}/downloads`,
    events_url: `${r}/events`,
    forks_url: `${r}/forks`,
    git_commits_url: `${r}/git/commits{/sha}`,
    git_refs_url: `${r}/git/refs{/sha}`,
    git_tags_url: `${r}/git/tags{/sha}`,
    git_url: `git://${host}/${full}.git`,
    issue_comment_url: `${r}/issues/comments{/number}`,
    issue_events_url: `${r}/issues/events{/number}`,
    issues_url: `${r}/issues{/number}`,
    keys_url: `${r}/keys{/key_id}`,
    labels_url: `${r}/labels{/name}`,
    languages_url: `${r}/languages`,
    merges_url: `${r}/merges`,
    milestones_url: `${r}/milestones{/number}`,
    notifications_url: `${r}/notifications{?since,all,participating}`,
    pulls_url: `${r}/pulls{/number}`,
    releases_url: `${r}/releases{/id}`,
    ssh_url: `git@${host}:${full}.git`,
    stargazers_url: `${r}/stargazers`,
    statuses_url: `${r}/statuses/{sha}`,
    subscribers_url: `${r}/subscribers`,
    subscription_url: `${r}/subscription`,
    tags_url: `${r}/tags`,
    teams_url: `${r}/teams`,
    trees_url: `${r}/git/trees{/sha}`,
    clone_url: `${html}.git`,
    mirror_url: null,
    hooks_url: `${r}/hooks`,
    svn_url: html,
    homepage: null,
    language: null,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues_count: openCount(repo),
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: repo.isPrivate ? 'private' : 'public',
    pushed_at: repo.createdAt,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    allow_forking: true,
    web_commit_signoff_required: false,
    license: null,
    forks: 0,
    open_issues: openCount(repo),
    watchers: 0,
  };
}

const openCount = (repo: RepoRecord) => repo.pulls.filter((p) => p.state === 'open').length;

/** `label` (with a string description: pull-request-simple does not allow null there). */
export function label(state: GitHubState, repo: RepoRecord, name: string): Json {
  // Stable per repository and name, so unchanged lists keep their ETag.
  const id = Number.parseInt(createHash('sha1').update(`${repo.id}:${name}`).digest('hex').slice(0, 8), 16);
  return {
    id,
    node_id: nodeId('Label', id),
    url: `${state.baseUrl}/repos/${repo.owner}/${repo.name}/labels/${encodeURIComponent(name)}`,
    name,
    description: '',
    color: 'ededed',
    default: false,
  };
}

/** `full-repository`: GET /repos/{owner}/{repo}. */
export function fullRepository(state: GitHubState, repo: RepoRecord, viewer: Permission | 'none'): Json {
  return {
    ...repository(state, repo),
    network_count: 0,
    subscribers_count: 0,
    permissions: permissionFlags(viewer),
    allow_squash_merge: mergeWorld(repo).settings.allowSquash,
    allow_merge_commit: mergeWorld(repo).settings.allowMergeCommit,
    allow_rebase_merge: mergeWorld(repo).settings.allowRebase,
    allow_auto_merge: mergeWorld(repo).settings.allowAutoMerge,
    delete_branch_on_merge: false,
  };
}

export function permissionFlags(p: Permission | 'none'): Record<string, boolean> {
  const rank = ['none', 'read', 'triage', 'write', 'maintain', 'admin'].indexOf(p);
  return { admin: rank >= 5, maintain: rank >= 4, push: rank >= 3, triage: rank >= 2, pull: rank >= 1 };
}

function pullLinks(state: GitHubState, repo: RepoRecord, pr: PullRequest): Json {
  const r = `${state.baseUrl}/repos/${repo.owner}/${repo.name}`;
  return {
    self: { href: `${r}/pulls/${pr.number}` },
    html: { href: pr.html_url },
    issue: { href: `${r}/issues/${pr.number}` },
    comments: { href: `${r}/issues/${pr.number}/comments` },
    review_comments: { href: `${r}/pulls/${pr.number}/comments` },
    review_comment: { href: `${r}/pulls/comments{/number}` },
    commits: { href: `${r}/pulls/${pr.number}/commits` },
    statuses: { href: `${r}/statuses/${headSha(repo, pr)}` },
  };
}

/** An open same-repo PR follows its branch, as on GitHub. */
export function headSha(repo: RepoRecord, pr: PullRequest): string {
  if (pr.fromFork || pr.state === 'closed') return pr.head.sha;
  return repo.store.branch(pr.head.ref) ?? pr.head.sha;
}

/** `pull-request-simple`: items of GET /repos/{owner}/{repo}/pulls. */
export function pullRequestSimple(state: GitHubState, repo: RepoRecord, pr: PullRequest): Json {
  const r = `${state.baseUrl}/repos/${repo.owner}/${repo.name}`;
  const sha = headSha(repo, pr);
  return {
    url: `${r}/pulls/${pr.number}`,
    id: pr.id,
    node_id: nodeId('PullRequest', pr.id),
    html_url: pr.html_url,
    diff_url: `${pr.html_url}.diff`,
    patch_url: `${pr.html_url}.patch`,
    issue_url: `${r}/issues/${pr.number}`,
    commits_url: `${r}/pulls/${pr.number}/commits`,
    review_comments_url: `${r}/pulls/${pr.number}/comments`,
    review_comment_url: `${r}/pulls/comments{/number}`,
    comments_url: `${r}/issues/${pr.number}/comments`,
    statuses_url: `${r}/statuses/${sha}`,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    user: simpleUser(state, pr.user),
    body: pr.body,
    labels: pr.labels.map((name) => label(state, repo, name)),
    milestone: null,
    active_lock_reason: null,
    created_at: pr.created_at,
    updated_at: pr.updated_at,
    closed_at: pr.closed_at,
    merged_at: pr.merged_at,
    merge_commit_sha: pr.merged ? sha : null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: {
      label: `${pr.head.owner}:${pr.head.ref}`,
      ref: pr.head.ref,
      sha,
      user: simpleUser(state, pr.head.owner),
      repo: repository(state, repo, pr.head.owner),
    },
    base: {
      label: `${repo.owner}:${pr.base.ref}`,
      ref: pr.base.ref,
      sha: repo.store.branch(pr.base.ref) ?? pr.base.sha,
      user: simpleUser(state, repo.owner),
      repo: repository(state, repo),
    },
    _links: pullLinks(state, repo, pr),
    author_association:
      pr.user.toLowerCase() === repo.owner.toLowerCase() ? 'OWNER' : pr.fromFork ? 'CONTRIBUTOR' : 'MEMBER',
    auto_merge: autoMerge(state, repo, pr),
    draft: pr.draft,
  };
}

function autoMerge(state: GitHubState, repo: RepoRecord, pr: PullRequest): Json | null {
  const auto = mergeWorld(repo).autoMerge.get(pr.number);
  if (!auto) return null;
  return {
    enabled_by: simpleUser(state, auto.enabledBy),
    merge_method: auto.method.toLowerCase(),
    commit_title: `${pr.title} (#${pr.number})`,
    commit_message: '',
  };
}

/** `pull-request`: GET /pulls/{n} and the 201 of POST /pulls. */
export function pullRequest(state: GitHubState, repo: RepoRecord, pr: PullRequest): Json {
  return {
    ...pullRequestSimple(state, repo, pr),
    merged: pr.merged,
    mergeable: null,
    rebaseable: null,
    mergeable_state: pr.state === 'open' ? mergeStateStatus(state, repo, pr).toLowerCase() : 'unknown',
    merged_by: pr.merged ? simpleUser(state, repo.owner) : null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 0,
    deletions: 0,
    changed_files: 0,
  };
}

function gitUser(commit: CommitRecord): Json {
  return { name: commit.author.name, email: commit.author.email, date: commit.author.date };
}

/** `commit` (as in a branch). */
export function commit(state: GitHubState, repo: RepoRecord, c: CommitRecord): Json {
  const r = `${state.baseUrl}/repos/${repo.owner}/${repo.name}`;
  return {
    sha: c.sha,
    node_id: nodeId('Commit', c.sha),
    url: `${r}/commits/${c.sha}`,
    html_url: `${state.serverUrl}/${repo.owner}/${repo.name}/commit/${c.sha}`,
    comments_url: `${r}/commits/${c.sha}/comments`,
    commit: {
      url: `${r}/git/commits/${c.sha}`,
      author: gitUser(c),
      committer: gitUser(c),
      message: c.message,
      comment_count: 0,
      tree: { sha: c.treeSha, url: `${r}/git/trees/${c.treeSha}` },
      verification: {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
        verified_at: null,
      },
    },
    author: null,
    committer: null,
    parents: c.parents.map((sha) => ({
      sha,
      url: `${r}/commits/${sha}`,
      html_url: `${state.serverUrl}/${repo.owner}/${repo.name}/commit/${sha}`,
    })),
  };
}

/** `branch-with-protection`: GET /repos/{owner}/{repo}/branches/{branch}. */
export function branch(state: GitHubState, repo: RepoRecord, name: string, c: CommitRecord): Json {
  const r = `${state.baseUrl}/repos/${repo.owner}/${repo.name}`;
  return {
    name,
    commit: commit(state, repo, c),
    _links: {
      html: `${state.serverUrl}/${repo.owner}/${repo.name}/tree/${name}`,
      self: `${r}/branches/${encodeURIComponent(name)}`,
    },
    protected: false,
    protection: {
      enabled: false,
      required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] },
    },
    protection_url: `${r}/branches/${encodeURIComponent(name)}/protection`,
  };
}

/** `git-ref`: GET /git/ref/heads/{branch}, 201 of POST /git/refs. */
export function gitRef(state: GitHubState, repo: RepoRecord, name: string, sha: string): Json {
  const r = `${state.baseUrl}/repos/${repo.owner}/${repo.name}`;
  return {
    ref: `refs/heads/${name}`,
    node_id: nodeId('Ref', `${repo.id}:${name}`),
    url: `${r}/git/refs/heads/${name}`,
    object: { type: 'commit', sha, url: `${r}/git/commits/${sha}` },
  };
}

/** `repository-collaborator-permission`. */
export function collaboratorPermission(state: GitHubState, login: string, role: Permission | 'none'): Json {
  // The legacy field folds maintain into write and triage into read (GitHub's documented mapping).
  const legacy = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role;
  return {
    permission: legacy,
    role_name: role,
    user: { ...simpleUser(state, login), permissions: permissionFlags(role), role_name: role },
  };
}

function contentLinks(
  state: GitHubState,
  repo: RepoRecord,
  entry: { path: string; sha: string; type: 'file' | 'dir' },
  ref: string,
): Json {
  const r = `${state.baseUrl}/repos/${repo.owner}/${repo.name}`;
  const html = `${state.serverUrl}/${repo.owner}/${repo.name}/${entry.type === 'dir' ? 'tree' : 'blob'}/${ref}/${entry.path}`;
  const git = `${r}/git/${entry.type === 'dir' ? 'trees' : 'blobs'}/${entry.sha}`;
  const self = `${r}/contents/${entry.path}?ref=${encodeURIComponent(ref)}`;
  return {
    url: self,
    html_url: html,
    git_url: git,
    download_url:
      entry.type === 'file' ? `${state.serverUrl}/raw/${repo.owner}/${repo.name}/${ref}/${entry.path}` : null,
    _links: { self, git, html },
  };
}

/** An entry of `content-directory` (no content). */
export function contentEntry(state: GitHubState, repo: RepoRecord, entry: TreeEntry, ref: string): Json {
  return {
    type: entry.type,
    size: entry.size,
    name: entry.name,
    path: entry.path,
    sha: entry.sha,
    ...contentLinks(state, repo, entry, ref),
  };
}

/** `content-file`: base64 wrapped at 60 columns with a trailing newline, like GitHub. */
export function contentFile(
  state: GitHubState,
  repo: RepoRecord,
  path: string,
  file: { content: Buffer; sha: string },
  ref: string,
): Json {
  const name = path.split('/').pop() ?? path;
  const b64 = file.content.toString('base64');
  const wrapped = b64 === '' ? '' : `${(b64.match(/.{1,60}/g) ?? []).join('\n')}\n`;
  return {
    type: 'file',
    encoding: 'base64',
    size: file.content.length,
    name,
    path,
    content: wrapped,
    sha: file.sha,
    ...contentLinks(state, repo, { path, sha: file.sha, type: 'file' }, ref),
  };
}

/** `file-commit`: 200/201 of PUT contents, and DELETE (content null). */
export function fileCommit(
  state: GitHubState,
  repo: RepoRecord,
  branchName: string,
  path: string,
  file: { content: Buffer; sha: string } | null,
  c: CommitRecord,
): Json {
  const full = commit(state, repo, c);
  const inner = full.commit as Json;
  let content: Json | null = null;
  if (file) {
    const { content: _omit, encoding: _enc, ...rest } = contentFile(state, repo, path, file, branchName);
    content = rest;
  }
  return {
    content,
    commit: {
      sha: c.sha,
      node_id: full.node_id,
      url: inner.url,
      html_url: full.html_url,
      author: inner.author,
      committer: inner.committer,
      message: c.message,
      tree: inner.tree,
      parents: full.parents,
      verification: inner.verification,
    },
  };
}

const DOCS = 'https://docs.github.com/rest';

/** `basic-error`. */
export function errorBody(status: number, message: string, docs = DOCS): Json {
  return { message, documentation_url: docs, status: String(status) };
}

/** `validation-error` (422). */
export function validationError(message: string, errors: Json[], docs = DOCS): Json {
  return { message, errors, documentation_url: docs, status: '422' };
}

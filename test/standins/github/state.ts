import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { GitStore, MemoryStore, type RepoStore } from './store.js';

export type Permission = 'admin' | 'maintain' | 'write' | 'triage' | 'read';

export interface PullRequest {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  draft: boolean;
  merged: boolean;
  /** Login that opened the PR. */
  user: string;
  head: { ref: string; sha: string; owner: string };
  base: { ref: string; sha: string };
  fromFork: boolean;
  html_url: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  merged_at: string | null;
}

export interface RepoRecord {
  id: number;
  owner: string;
  name: string;
  defaultBranch: string;
  isPrivate: boolean;
  createdAt: string;
  store: RepoStore;
  gitDir: string | undefined;
  pulls: PullRequest[];
  permissions: Map<string, Permission>;
  nextNumber: number;
}

export interface NewPullRequestRecord {
  head: string;
  base?: string;
  title: string;
  body?: string;
  user?: string;
  draft?: boolean;
  /** Head lives in `<user>/<repo>` instead of this repository. */
  fromFork?: boolean;
}

export const isoNow = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The stand-in's mutable world: repositories, their branches, files, PRs, people and tokens. */
export class GitHubState {
  readonly repos = new Map<string, RepoRecord>();
  /** token → login of its identity. */
  readonly tokens = new Map<string, string>();
  private readonly userIds = new Map<string, number>();
  private nextId = 1000;

  constructor(readonly baseUrl: string) {}

  addRepo(options: {
    owner: string;
    repo: string;
    defaultBranch?: string;
    gitDir?: string;
    private?: boolean;
  }): RepoRecord {
    const defaultBranch =
      options.defaultBranch ?? (options.gitDir ? gitHead(options.gitDir) : undefined) ?? 'main';
    const store = options.gitDir
      ? new GitStore(options.gitDir)
      : new MemoryStore(defaultBranch, `${options.owner}/${options.repo}`);
    const record: RepoRecord = {
      id: this.id(),
      owner: options.owner,
      name: options.repo,
      defaultBranch,
      isPrivate: options.private ?? false,
      createdAt: isoNow(),
      store,
      gitDir: options.gitDir,
      pulls: [],
      permissions: new Map(),
      nextNumber: 1,
    };
    this.repos.set(key(options.owner, options.repo), record);
    this.userId(options.owner);
    return record;
  }

  repo(owner: string, repo: string): RepoRecord | undefined {
    return this.repos.get(key(owner, repo));
  }

  /** Gives `token` the identity `login` (writes are checked against that login's permission). */
  addToken(token: string, login: string): void {
    this.tokens.set(token, login);
    this.userId(login);
  }

  /** Makes a login known (so permission lookups answer "none" instead of 404). */
  addUser(login: string): void {
    this.userId(login);
  }

  setPermission(owner: string, repo: string, login: string, permission: Permission): void {
    this.mustRepo(owner, repo).permissions.set(login.toLowerCase(), permission);
    this.userId(login);
  }

  /** Explicit permission, else write for a token identity (the action's own token), else none. */
  permissionOf(owner: string, repo: string, login: string): Permission | 'none' | undefined {
    const record = this.mustRepo(owner, repo);
    const explicit = record.permissions.get(login.toLowerCase());
    if (explicit) return explicit;
    if (owner.toLowerCase() === login.toLowerCase()) return 'admin';
    if ([...this.tokens.values()].some((l) => l.toLowerCase() === login.toLowerCase())) return 'write';
    return this.userIds.has(login.toLowerCase()) ? 'none' : undefined;
  }

  /**
   * Points `branch` at `sha`, or (without one) at a new commit on top of the default branch, so a
   * PR from it has something to show, as a branch an agent pushed would.
   */
  addBranch(owner: string, repo: string, branch: string, sha?: string): string {
    const record = this.mustRepo(owner, repo);
    const base = record.store.branch(record.defaultBranch);
    const target = sha ?? (base ? record.store.emptyCommit(base, `Work on ${branch}`) : undefined);
    if (!target) throw new Error(`addBranch: no sha and no default branch in ${owner}/${repo}`);
    record.store.setBranch(branch, target);
    return target;
  }

  branchSha(owner: string, repo: string, branch: string): string | undefined {
    return this.repo(owner, repo)?.store.branch(branch);
  }

  addPullRequest(owner: string, repo: string, pr: NewPullRequestRecord): PullRequest {
    const record = this.mustRepo(owner, repo);
    const user = pr.user ?? [...this.tokens.values()][0] ?? owner;
    const base = pr.base ?? record.defaultBranch;
    const [headOwner, headRef] = pr.head.includes(':')
      ? splitOnce(pr.head)
      : [pr.fromFork ? user : owner, pr.head];
    const fromFork = pr.fromFork ?? headOwner.toLowerCase() !== owner.toLowerCase();
    const headSha =
      (fromFork ? undefined : record.store.branch(headRef)) ?? fakeSha(`${headOwner}:${headRef}`);
    const now = isoNow();
    const number = record.nextNumber++;
    const stored: PullRequest = {
      id: this.id(),
      number,
      title: pr.title,
      body: pr.body ?? null,
      state: 'open',
      draft: pr.draft ?? false,
      merged: false,
      user,
      head: { ref: headRef, sha: headSha, owner: headOwner },
      base: { ref: base, sha: record.store.branch(base) ?? fakeSha(base) },
      fromFork,
      html_url: `${this.baseUrl}/${owner}/${repo}/pull/${number}`,
      created_at: now,
      updated_at: now,
      closed_at: null,
      merged_at: null,
    };
    this.userId(user);
    this.userId(headOwner);
    record.pulls.push(stored);
    return stored;
  }

  pullRequests(owner: string, repo: string): PullRequest[] {
    return this.mustRepo(owner, repo).pulls;
  }

  /** Closes a PR, optionally as merged (what a reviewer or the merge button would do). */
  closePullRequest(
    owner: string,
    repo: string,
    number: number,
    options: { merged?: boolean } = {},
  ): PullRequest {
    const pr = this.mustRepo(owner, repo).pulls.find((p) => p.number === number);
    if (!pr) throw new Error(`no PR #${number} in ${owner}/${repo}`);
    const now = isoNow();
    Object.assign(pr, { state: 'closed', closed_at: now, updated_at: now });
    if (options.merged) Object.assign(pr, { merged: true, merged_at: now });
    return pr;
  }

  file(
    owner: string,
    repo: string,
    branch: string,
    path: string,
  ): { content: string; sha: string } | undefined {
    const record = this.mustRepo(owner, repo);
    const head = record.store.branch(branch);
    const found = head ? record.store.file(head, path) : undefined;
    return found ? { content: found.content.toString('utf8'), sha: found.sha } : undefined;
  }

  /** Writes a file as a commit on `branch` (a setup shortcut; the API's PUT enforces the sha). */
  putFile(owner: string, repo: string, branch: string, path: string, content: string): string {
    const record = this.mustRepo(owner, repo);
    record.store.writeFile(branch, path, Buffer.from(content), `Update ${path}`, {
      name: 'stand-in',
      email: 'stand-in@example.com',
    });
    const written = this.file(owner, repo, branch, path);
    if (!written) throw new Error('putFile: write vanished');
    return written.sha;
  }

  userId(login: string): number {
    const lower = login.toLowerCase();
    let id = this.userIds.get(lower);
    if (id === undefined) {
      id = this.id();
      this.userIds.set(lower, id);
    }
    return id;
  }

  id(): number {
    this.nextId += 1;
    return this.nextId;
  }

  mustRepo(owner: string, repo: string): RepoRecord {
    const record = this.repo(owner, repo);
    if (!record) throw new Error(`unknown repository ${owner}/${repo}; call addRepo first`);
    return record;
  }
}

const key = (owner: string, repo: string) => `${owner}/${repo}`.toLowerCase();

function splitOnce(head: string): [string, string] {
  const at = head.indexOf(':');
  return [head.slice(0, at), head.slice(at + 1)];
}

export function fakeSha(seed: string): string {
  return createHash('sha1').update(`fake:${seed}`).digest('hex');
}

function gitHead(gitDir: string): string | undefined {
  try {
    const ref = execFileSync('git', ['--git-dir', gitDir, 'symbolic-ref', 'HEAD'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
    return ref.replace(/^refs\/heads\//, '');
  } catch {
    return undefined;
  }
}

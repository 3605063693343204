import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { type ActionsTokenRules, startsWorkflows, type WorkflowRecord } from './actions-rules.js';
import {
  type AppRecord,
  aggregateSuite,
  type CheckConclusion,
  type CheckRunRecord,
  type CheckStatus,
  type CheckSuiteRecord,
  type CommitState,
  type StatusRecord,
} from './checks-state.js';
import type { CommentRecord, IssueRecord, NewIssueRecord, ReviewRecord } from './issues-state.js';
import { GitStore, MemoryStore, type RepoStore } from './store.js';

export type { AppRecord, CheckRunRecord, CheckSuiteRecord, StatusRecord } from './checks-state.js';
export type { CommentRecord, IssueRecord, ReviewRecord } from './issues-state.js';

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
  labels: string[];
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
  issues: IssueRecord[];
  comments: CommentRecord[];
  reviews: ReviewRecord[];
  checkSuites: CheckSuiteRecord[];
  checkRuns: CheckRunRecord[];
  statuses: StatusRecord[];
  permissions: Map<string, Permission>;
  nextNumber: number;
}

/**
 * What a token is. GitHub App installation tokens (the Actions `GITHUB_TOKEN` is one) can write
 * check runs when granted `checks: write`; personal tokens never can: fine-grained ones have no
 * checks permission at all, classic ones are told to authenticate as an App.
 */
export type TokenKind = 'installation' | 'fine-grained-pat' | 'classic-pat';

export interface TokenIdentity {
  login: string;
  kind: TokenKind;
  /** The App an installation token belongs to. */
  app: AppRecord | undefined;
  /** The installation's checks permission (personal tokens: none). */
  checks: 'write' | 'read' | 'none';
  /** `actions` permission (workflow dispatch); personal tokens with write have it. */
  actions: 'write' | 'read' | 'none';
}

export interface TokenOptions {
  kind?: TokenKind;
  /** Slug of the App (installation tokens); default: the login without `[bot]`. */
  app?: string;
  checks?: 'write' | 'read' | 'none';
  /** Default `write` for personal tokens and Apps, `none` for the Actions token (as a workflow without `actions: write`). */
  actions?: 'write' | 'read' | 'none';
}

export interface NewCheckRunRecord {
  name: string;
  status?: CheckStatus;
  conclusion?: CheckConclusion | null;
  title?: string;
  summary?: string;
  text?: string;
  detailsUrl?: string;
  externalId?: string;
}

export interface NewCheckSuiteRecord {
  /** Slug of the App whose suite it is; default `github-actions`. */
  app?: string;
  headBranch?: string;
  /** For a suite without runs (with runs, both come from the runs). Default `queued`. */
  status?: CheckStatus;
  conclusion?: CheckConclusion | null;
  checkRuns?: NewCheckRunRecord[];
}

/** GitHub Actions' own App, the one whose suites hold workflow jobs. */
export const GITHUB_ACTIONS_APP = {
  id: 15368,
  slug: 'github-actions',
  name: 'GitHub Actions',
  owner: 'github',
};

export interface NewPullRequestRecord {
  head: string;
  base?: string;
  title: string;
  body?: string;
  user?: string;
  draft?: boolean;
  /** Head lives in `<user>/<repo>` instead of this repository. */
  fromFork?: boolean;
  labels?: string[];
}

export const isoNow = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The stand-in's mutable world: repositories, their branches, files, PRs, people and tokens. */
export class GitHubState {
  readonly repos = new Map<string, RepoRecord>();
  /** token → login of its identity. */
  readonly tokens = new Map<string, string>();
  /** token → what kind of token it is and what it may do. */
  readonly identities = new Map<string, TokenIdentity>();
  readonly apps = new Map<string, AppRecord>();
  private readonly userIds = new Map<string, number>();
  private nextId = 1000;

  /**
   * When set, every PR opened gets a completed check suite from GitHub Actions with this
   * conclusion: a repository with CI. Unset, commits have no checks at all.
   */
  ci: { name?: string; conclusion: (pr: PullRequest) => CheckConclusion } | undefined;

  /** GitHub's rules for the Actions token (strict, as on GitHub, unless a test relaxes them). */
  readonly actionsTokenRules: ActionsTokenRules = {
    mayCreatePullRequests: false,
    eventsStartWorkflows: false,
  };
  /** Workflow files per repository (`addWorkflow`): they run on PRs and on dispatch. */
  private readonly workflows = new Map<string, WorkflowRecord[]>();
  /** Every accepted workflow_dispatch, in order. */
  readonly dispatches: { repo: string; file: string; ref: string }[] = [];

  addWorkflow(owner: string, repo: string, workflow: WorkflowRecord): void {
    this.mustRepo(owner, repo);
    this.workflows.set(key(owner, repo), [...this.workflowsOf(owner, repo), workflow]);
  }

  workflowsOf(owner: string, repo: string): WorkflowRecord[] {
    return this.workflows.get(key(owner, repo)) ?? [];
  }

  /** One run of `workflow` on `sha`: a GitHub Actions suite with one job named after the workflow. */
  runWorkflow(owner: string, repo: string, workflow: WorkflowRecord, sha: string, branch: string): void {
    this.addCheckSuite(owner, repo, sha, {
      headBranch: branch,
      checkRuns: [
        {
          name: workflow.name,
          conclusion: workflow.conclusion(),
          summary: `stand-in workflow ${workflow.file}`,
        },
      ],
    });
  }

  /**
   * `baseUrl`: where the REST API answers (API URLs in bodies, Link headers); `serverUrl`: the
   * web and git side (every `html_url`). The same on github.com-like set-ups; on an Enterprise
   * Server-like one, `…/api/v3` and the server's root.
   */
  constructor(
    readonly baseUrl: string,
    readonly serverUrl: string = baseUrl,
  ) {}

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
      issues: [],
      comments: [],
      reviews: [],
      checkSuites: [],
      checkRuns: [],
      statuses: [],
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

  /**
   * Gives `token` the identity `login` (writes are checked against that login's permission). A
   * `[bot]` login is an App installation token with `checks: write` unless `options` say otherwise;
   * any other login a fine-grained personal token.
   */
  addToken(token: string, login: string, options: TokenOptions = {}): TokenIdentity {
    const kind = options.kind ?? (login.endsWith('[bot]') ? 'installation' : 'fine-grained-pat');
    const app = kind === 'installation' ? this.app(options.app ?? login.replace(/\[bot\]$/, '')) : undefined;
    const identity: TokenIdentity = {
      login,
      kind,
      app,
      checks: kind === 'installation' ? (options.checks ?? 'write') : 'none',
      actions: options.actions ?? (app?.slug === 'github-actions' ? 'none' : 'write'),
    };
    this.tokens.set(token, login);
    this.identities.set(token, identity);
    this.userId(login);
    return identity;
  }

  /** The App with this slug, made on first use (`github-actions` is GitHub Actions' real id). */
  app(slug: string): AppRecord {
    let found = this.apps.get(slug);
    if (!found) {
      const known = slug === GITHUB_ACTIONS_APP.slug ? GITHUB_ACTIONS_APP : undefined;
      found = {
        id: known?.id ?? this.id(),
        slug,
        name: known?.name ?? slug,
        owner: known?.owner ?? slug,
        createdAt: isoNow(),
      };
      this.apps.set(slug, found);
      this.userId(found.owner);
    }
    return found;
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
      labels: pr.labels ?? [],
      html_url: `${this.serverUrl}/${owner}/${repo}/pull/${number}`,
      created_at: now,
      updated_at: now,
      closed_at: null,
      merged_at: null,
    };
    this.userId(user);
    this.userId(headOwner);
    record.pulls.push(stored);
    if (!startsWorkflows(this, user)) return stored; // a PR the Actions token opened runs no workflow
    for (const workflow of this.workflowsOf(owner, repo).filter((w) => w.onPullRequest))
      this.runWorkflow(owner, repo, workflow, headSha, headRef);
    if (this.ci) {
      // The repository's CI answers every new PR head, as a workflow on pull_request would.
      this.addCheckSuite(owner, repo, headSha, {
        headBranch: headRef,
        checkRuns: [
          { name: this.ci.name ?? 'test', conclusion: this.ci.conclusion(stored), summary: 'stand-in CI' },
        ],
      });
    }
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

  // --- issues and comments --------------------------------------------------------------------
  addIssue(owner: string, repo: string, issue: NewIssueRecord): IssueRecord {
    const record = this.mustRepo(owner, repo);
    const now = isoNow();
    const user = issue.user ?? owner;
    const stored: IssueRecord = {
      id: this.id(),
      number: record.nextNumber++,
      title: issue.title,
      body: issue.body ?? null,
      state: issue.state ?? 'open',
      labels: issue.labels ?? [],
      user,
      createdAt: now,
      updatedAt: now,
      closedAt: issue.state === 'closed' ? now : null,
      labelEvents: (issue.labels ?? []).map((label) => ({
        id: this.id(),
        label,
        actor: issue.labeledBy?.login ?? user,
        actorType: issue.labeledBy?.type ?? 'User',
        createdAt: now,
      })),
    };
    this.userId(user);
    record.issues.push(stored);
    return stored;
  }

  addIssueComment(
    owner: string,
    repo: string,
    issueNumber: number,
    body: string,
    user?: string,
  ): CommentRecord {
    const record = this.mustRepo(owner, repo);
    const now = isoNow();
    const login = user ?? [...this.tokens.values()][0] ?? owner;
    const comment: CommentRecord = {
      id: this.id(),
      issueNumber,
      body,
      user: login,
      createdAt: now,
      updatedAt: now,
    };
    this.userId(login);
    record.comments.push(comment);
    return comment;
  }

  // --- checks and statuses ---------------------------------------------------------------------
  /** A check suite of `app` on `sha`, with its runs (a CI workflow, another App's checks). */
  addCheckSuite(owner: string, repo: string, sha: string, suite: NewCheckSuiteRecord = {}): CheckSuiteRecord {
    const record = this.mustRepo(owner, repo);
    const now = isoNow();
    const stored: CheckSuiteRecord = {
      id: this.id(),
      app: this.app(suite.app ?? GITHUB_ACTIONS_APP.slug),
      headSha: sha,
      headBranch: suite.headBranch ?? null,
      status: suite.status ?? 'queued',
      conclusion: suite.conclusion ?? null,
      createdAt: now,
      updatedAt: now,
    };
    record.checkSuites.push(stored);
    for (const run of suite.checkRuns ?? []) this.addCheckRun(owner, repo, stored.id, run);
    return stored;
  }

  /** The suite of `app` on `sha`, made when missing (what POST check-runs does). */
  suiteFor(owner: string, repo: string, sha: string, app: AppRecord): CheckSuiteRecord {
    const record = this.mustRepo(owner, repo);
    return (
      record.checkSuites.find((s) => s.headSha === sha && s.app.id === app.id) ??
      this.addCheckSuite(owner, repo, sha, { app: app.slug })
    );
  }

  addCheckRun(owner: string, repo: string, suiteId: number, run: NewCheckRunRecord): CheckRunRecord {
    const record = this.mustRepo(owner, repo);
    const suite = this.mustSuite(record, suiteId);
    const now = isoNow();
    const conclusion = run.conclusion ?? null;
    const status = conclusion ? 'completed' : (run.status ?? 'queued');
    const stored: CheckRunRecord = {
      id: this.id(),
      suiteId,
      app: suite.app,
      headSha: suite.headSha,
      name: run.name,
      status,
      conclusion,
      startedAt: status === 'queued' ? null : now,
      completedAt: status === 'completed' ? now : null,
      output: { title: run.title ?? null, summary: run.summary ?? null, text: run.text ?? null },
      detailsUrl: run.detailsUrl ?? null,
      externalId: run.externalId ?? null,
    };
    record.checkRuns.push(stored);
    this.refreshSuite(record, suite);
    return stored;
  }

  /**
   * Completes every unfinished run of the suite (with `conclusion`, or per run name from `runs`),
   * and the suite itself: CI finishing.
   */
  completeCheckSuite(
    owner: string,
    repo: string,
    suiteId: number,
    conclusion: CheckConclusion = 'success',
    runs: Record<string, { conclusion: CheckConclusion; summary?: string; title?: string }> = {},
  ): CheckSuiteRecord {
    const record = this.mustRepo(owner, repo);
    const suite = this.mustSuite(record, suiteId);
    const now = isoNow();
    for (const run of record.checkRuns.filter((r) => r.suiteId === suiteId && r.status !== 'completed')) {
      const given = runs[run.name];
      Object.assign(run, {
        status: 'completed',
        conclusion: given?.conclusion ?? conclusion,
        startedAt: run.startedAt ?? now,
        completedAt: now,
      });
      if (given?.summary !== undefined) run.output.summary = given.summary;
      if (given?.title !== undefined) run.output.title = given.title;
    }
    if (record.checkRuns.some((r) => r.suiteId === suiteId)) this.refreshSuite(record, suite);
    else Object.assign(suite, { status: 'completed', conclusion, updatedAt: now });
    return suite;
  }

  /** Moves every queued run of the suite to in_progress (a runner picked the jobs up). */
  startCheckSuite(owner: string, repo: string, suiteId: number): void {
    const record = this.mustRepo(owner, repo);
    const suite = this.mustSuite(record, suiteId);
    for (const run of record.checkRuns.filter((r) => r.suiteId === suiteId && r.status === 'queued')) {
      Object.assign(run, { status: 'in_progress', startedAt: isoNow() });
    }
    if (record.checkRuns.some((r) => r.suiteId === suiteId)) this.refreshSuite(record, suite);
    else Object.assign(suite, { status: 'in_progress', updatedAt: isoNow() });
  }

  refreshSuite(record: RepoRecord, suite: CheckSuiteRecord): void {
    aggregateSuite(
      suite,
      record.checkRuns.filter((r) => r.suiteId === suite.id),
      isoNow(),
    );
  }

  checkRuns(owner: string, repo: string, sha?: string): CheckRunRecord[] {
    return this.mustRepo(owner, repo).checkRuns.filter((r) => sha === undefined || r.headSha === sha);
  }

  /** A commit status (the older API CI services and personal tokens report through). */
  addStatus(
    owner: string,
    repo: string,
    sha: string,
    status: {
      context: string;
      state: CommitState;
      description?: string;
      targetUrl?: string;
      creator?: string;
    },
  ): StatusRecord {
    const record = this.mustRepo(owner, repo);
    const now = isoNow();
    const creator = status.creator ?? [...this.tokens.values()][0] ?? owner;
    const stored: StatusRecord = {
      id: this.id(),
      sha,
      state: status.state,
      context: status.context,
      description: status.description ?? null,
      targetUrl: status.targetUrl ?? null,
      creator,
      createdAt: now,
      updatedAt: now,
    };
    this.userId(creator);
    record.statuses.push(stored);
    return stored;
  }

  statuses(owner: string, repo: string, sha?: string): StatusRecord[] {
    return this.mustRepo(owner, repo).statuses.filter((s) => sha === undefined || s.sha === sha);
  }

  reviews(owner: string, repo: string, pullNumber?: number): ReviewRecord[] {
    return this.mustRepo(owner, repo).reviews.filter(
      (r) => pullNumber === undefined || r.pullNumber === pullNumber,
    );
  }

  /** A branch name or a commit sha of the repository, as a commit sha; undefined when neither. */
  resolveRef(record: RepoRecord, ref: string): string | undefined {
    return record.store.branch(ref) ?? (record.store.commit(ref) ? ref : undefined);
  }

  private mustSuite(record: RepoRecord, suiteId: number): CheckSuiteRecord {
    const suite = record.checkSuites.find((s) => s.id === suiteId);
    if (!suite) throw new Error(`no check suite ${suiteId} in ${record.owner}/${record.name}`);
    return suite;
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

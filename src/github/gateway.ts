import type { RepositoryRef } from '../domain/index.js';
import type { GitHubClient } from './octokit.js';

export type CollaboratorPermission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

export interface PullRequestInfo {
  number: number;
  /** The PR's html_url. */
  url: string;
  title: string;
  state: 'open' | 'closed';
  merged: boolean;
  draft: boolean;
  headRef: string;
  headSha: string;
  baseRef: string;
  /** Head lives in another repository: nothing runs for fork PRs (SPEC §9). */
  fromFork: boolean;
}

export interface NewPullRequest {
  title: string;
  body: string;
  head: string;
  base: string;
  draft?: boolean;
}

/**
 * What the action asks of GitHub about one repository. Modules take this interface, never Octokit,
 * so tests plug the real implementation into a stand-in server.
 */
export interface GitHubGateway {
  readonly repository: RepositoryRef;
  getPullRequest(number: number): Promise<PullRequestInfo | null>;
  /** The newest PR (open or closed) whose head is `branch` in this repository, or null. */
  findPullRequestByBranch(branch: string): Promise<PullRequestInfo | null>;
  createPullRequest(pr: NewPullRequest): Promise<PullRequestInfo>;
  branchExists(branch: string): Promise<boolean>;
  /** The actor's permission on this repository; "none" when not a collaborator. */
  getCollaboratorPermission(username: string): Promise<CollaboratorPermission>;
}

interface PullRequestPayload {
  number: number;
  html_url: string;
  title: string;
  state: string;
  merged?: boolean | null;
  merged_at?: string | null;
  draft?: boolean;
  head: { ref: string; sha: string; repo: { full_name: string } | null };
  base: { ref: string; repo: { full_name: string } };
}

function toInfo(pr: PullRequestPayload): PullRequestInfo {
  return {
    number: pr.number,
    url: pr.html_url,
    title: pr.title,
    state: pr.state === 'closed' ? 'closed' : 'open',
    merged: Boolean(pr.merged ?? pr.merged_at),
    draft: Boolean(pr.draft),
    headRef: pr.head.ref,
    headSha: pr.head.sha,
    baseRef: pr.base.ref,
    fromFork: pr.head.repo?.full_name !== pr.base.repo.full_name,
  };
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'status' in error && error.status === 404;
}

export class OctokitGitHubGateway implements GitHubGateway {
  constructor(
    private readonly client: GitHubClient,
    readonly repository: RepositoryRef,
  ) {}

  async getPullRequest(number: number): Promise<PullRequestInfo | null> {
    try {
      const { data } = await this.client.rest.pulls.get({ ...this.repository, pull_number: number });
      return toInfo(data);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async findPullRequestByBranch(branch: string): Promise<PullRequestInfo | null> {
    const { data } = await this.client.rest.pulls.list({
      ...this.repository,
      head: `${this.repository.owner}:${branch}`,
      state: 'all',
      sort: 'created',
      direction: 'desc',
      per_page: 10,
    });
    const first = data[0];
    return first ? toInfo(first) : null;
  }

  async createPullRequest(pr: NewPullRequest): Promise<PullRequestInfo> {
    const { data } = await this.client.rest.pulls.create({ ...this.repository, ...pr });
    return toInfo(data);
  }

  async branchExists(branch: string): Promise<boolean> {
    try {
      await this.client.rest.repos.getBranch({ ...this.repository, branch });
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async getCollaboratorPermission(username: string): Promise<CollaboratorPermission> {
    try {
      const { data } = await this.client.rest.repos.getCollaboratorPermissionLevel({
        ...this.repository,
        username,
      });
      // role_name carries "maintain"/"triage", which the legacy `permission` field folds into write/read.
      const role = (data as { role_name?: string }).role_name;
      const value =
        role && ['admin', 'maintain', 'write', 'triage', 'read'].includes(role) ? role : data.permission;
      return (
        ['admin', 'maintain', 'write', 'triage', 'read'].includes(value) ? value : 'none'
      ) as CollaboratorPermission;
    } catch (error) {
      if (isNotFound(error)) return 'none';
      throw error;
    }
  }
}

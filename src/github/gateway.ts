import type { RepositoryRef } from '../domain/index.js';
import type {
  CheckRunInfo,
  CheckRunUpdate,
  CheckSuiteInfo,
  ChecksGateway,
  CombinedStatusInfo,
  CommitStatusInfo,
  GatewayContext,
  NewCheckRun,
  NewCommitStatus,
} from './check-types.js';
import * as checks from './checks.js';
import { conditionalGet, EtagCache } from './etag-cache.js';
import { isNotFound } from './http-errors.js';
import type { IssueCommentInfo, IssueInfo, IssuesGateway } from './issues.js';
import * as issues from './issues.js';
import { type LabelActor, labelActor } from './label-events.js';
import type { GitHubClient } from './octokit.js';
import type { NewReview, ReviewInfo } from './reviews.js';
import * as reviews from './reviews.js';
import { PullRequestPayload as PullRequestSchema } from './schemas.js';

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
  /** Head lives in another repository: nothing runs for fork PRs (a security rule). */
  fromFork: boolean;
}

export interface NewPullRequest {
  title: string;
  body: string;
  head: string;
  base: string;
  draft?: boolean;
}

/** Pull requests, their reviews and diffs. */
export interface PullRequestsGateway {
  getPullRequest(number: number): Promise<PullRequestInfo | null>;
  /** The newest PR (open or closed) whose head is `branch` in this repository, or null. */
  findPullRequestByBranch(branch: string): Promise<PullRequestInfo | null>;
  createPullRequest(pr: NewPullRequest): Promise<PullRequestInfo>;
  createReview(pullNumber: number, review: NewReview): Promise<ReviewInfo>;
  listReviews(pullNumber: number): Promise<ReviewInfo[]>;
  getPullRequestDiff(pullNumber: number): Promise<string>;
}

/**
 * What the action asks of GitHub about one repository. Modules take this interface (or the part
 * they need), never Octokit, so tests plug the real implementation into a stand-in server.
 */
export interface GitHubGateway extends PullRequestsGateway, IssuesGateway, ChecksGateway {
  readonly repository: RepositoryRef;
  branchExists(branch: string): Promise<boolean>;
  /** The actor's permission on this repository; "none" when not a collaborator. */
  getCollaboratorPermission(username: string): Promise<CollaboratorPermission>;
  /** Starts `workflowFile` on `ref` (workflow_dispatch; needs `actions: write`); throws GitHub's error. */
  dispatchWorkflow(workflowFile: string, ref: string): Promise<void>;
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

export class OctokitGitHubGateway implements GitHubGateway {
  /** ETags of polling reads, so an unchanged answer comes back as a free 304. */
  readonly etags: EtagCache;
  private readonly ctx: GatewayContext;

  constructor(
    private readonly client: GitHubClient,
    readonly repository: RepositoryRef,
  ) {
    this.etags = new EtagCache();
    this.ctx = { client, repository, etags: this.etags };
  }

  async getPullRequest(number: number): Promise<PullRequestInfo | null> {
    try {
      // Conditional: validation and the executors read the same PR in turn, and a 304 is free.
      const data = await conditionalGet(
        this.client,
        this.etags,
        '/repos/{owner}/{repo}/pulls/{pull_number}',
        {
          ...this.repository,
          pull_number: number,
        },
      );
      return toInfo(PullRequestSchema.parse(data));
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

  // --- reviews and diffs -------------------------------------------------------------------------
  async dispatchWorkflow(workflowFile: string, ref: string): Promise<void> {
    await this.client.rest.actions.createWorkflowDispatch({
      ...this.repository,
      workflow_id: workflowFile,
      ref,
    });
  }

  createReview(pullNumber: number, review: NewReview): Promise<ReviewInfo> {
    return reviews.createReview(this.ctx, pullNumber, review);
  }

  listReviews(pullNumber: number): Promise<ReviewInfo[]> {
    return reviews.listReviews(this.ctx, pullNumber);
  }

  getPullRequestDiff(pullNumber: number): Promise<string> {
    return reviews.getPullRequestDiff(this.ctx, pullNumber);
  }

  // --- issues --------------------------------------------------------------------------------------
  getIssue(number: number): Promise<IssueInfo | null> {
    return issues.getIssue(this.ctx, number);
  }

  listIssueComments(number: number): Promise<IssueCommentInfo[]> {
    return issues.listIssueComments(this.ctx, number);
  }

  createIssueComment(number: number, body: string): Promise<IssueCommentInfo> {
    return issues.createIssueComment(this.ctx, number, body);
  }

  updateIssueComment(commentId: number, body: string): Promise<IssueCommentInfo> {
    return issues.updateIssueComment(this.ctx, commentId, body);
  }

  listOpenIssuesWithLabel(label: string, options: { limit: number }): Promise<IssueInfo[]> {
    return issues.listOpenIssuesWithLabel(this.ctx, label, options);
  }

  labelActor(number: number, label: string): Promise<LabelActor | null> {
    return labelActor(this.ctx, number, label);
  }

  // --- checks and statuses -------------------------------------------------------------------------
  createCheckRun(run: NewCheckRun): Promise<CheckRunInfo> {
    return checks.createCheckRun(this.ctx, run);
  }

  updateCheckRun(id: number, update: CheckRunUpdate): Promise<CheckRunInfo> {
    return checks.updateCheckRun(this.ctx, id, update);
  }

  listCheckRunsForRef(ref: string, options?: { checkName?: string }): Promise<CheckRunInfo[]> {
    return checks.listCheckRunsForRef(this.ctx, ref, options);
  }

  listCheckSuitesForRef(ref: string): Promise<CheckSuiteInfo[]> {
    return checks.listCheckSuitesForRef(this.ctx, ref);
  }

  getCombinedStatus(ref: string): Promise<CombinedStatusInfo> {
    return checks.getCombinedStatus(this.ctx, ref);
  }

  createCommitStatus(status: NewCommitStatus): Promise<CommitStatusInfo> {
    return checks.createCommitStatus(this.ctx, status);
  }
}

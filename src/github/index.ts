export { type BaseBranchFile, readBaseBranchFile } from './base-file.js';
export type {
  CheckApp,
  CheckConclusion,
  CheckRunInfo,
  CheckRunOutput,
  CheckRunUpdate,
  CheckStatus,
  CheckSuiteInfo,
  ChecksGateway,
  CombinedStatusInfo,
  CommitState,
  CommitStatusInfo,
  NewCheckRun,
  NewCommitStatus,
} from './check-types.js';
export { EtagCache } from './etag-cache.js';
export {
  type CollaboratorPermission,
  type GitHubGateway,
  type NewPullRequest,
  OctokitGitHubGateway,
  type PullRequestInfo,
  type PullRequestsGateway,
} from './gateway.js';
export { githubMessage, httpStatus, isPermissionDenied } from './http-errors.js';
export type { IssueCommentInfo, IssueInfo, IssuesGateway } from './issues.js';
export type { LabelActor } from './label-events.js';
export { createGitHubClient, GitHubClient, type GitHubClientOptions } from './octokit.js';
export { listRefDirectory } from './ref-dir.js';
export { refFileReader } from './ref-file.js';
export { GitHubRequestCounter, type GitHubRequestCounts } from './request-budget.js';
export type { NewReview, ReviewEvent, ReviewInfo } from './reviews.js';

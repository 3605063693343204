export {
  type CollaboratorPermission,
  type GitHubGateway,
  type NewPullRequest,
  OctokitGitHubGateway,
  type PullRequestInfo,
} from './gateway.js';
export { createGitHubClient, GitHubClient, type GitHubClientOptions } from './octokit.js';

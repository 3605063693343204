import { githubMessage, isPermissionDenied } from '../../github/index.js';

/** GitHub's answer when the workflow's GITHUB_TOKEN may not open PRs (the repository setting is off). */
const ACTIONS_REFUSAL = /not permitted to create or approve pull requests/i;

/**
 * A pull request GitHub refused to open (403). Retrying cannot help: the token or a repository
 * setting has to change. The branch is already pushed, so the message carries its compare link.
 */
export class PullRequestRefused extends Error {
  constructor(
    message: string,
    readonly compareUrl: string,
  ) {
    super(message);
    this.name = 'PullRequestRefused';
  }
}

/** The web URL of the repository behind a git remote URL, credentials and `.git` stripped. */
export function repositoryWebUrl(remoteUrl: string): string {
  return remoteUrl
    .trim()
    .replace(/:\/\/[^/@\s]+@/, '://')
    .replace(/\.git\/?$/, '')
    .replace(/\/+$/, '');
}

/** Where someone opens the PR by hand: GitHub's compare page of `branch` against `base`. */
export function compareUrl(remoteUrl: string, base: string, branch: string): string {
  return `${repositoryWebUrl(remoteUrl)}/compare/${base}...${branch}?expand=1`;
}

/**
 * The refusal as a PullRequestRefused with what to do, or undefined when `error` is not a 403
 * refusal (a rate limit, a 5xx and a 422 go on as they were).
 */
export function describeRefusal(
  error: unknown,
  where: { remoteUrl: string; base: string; branch: string },
): PullRequestRefused | undefined {
  if (!isPermissionDenied(error)) return undefined;
  const said = githubMessage(error);
  const link = compareUrl(where.remoteUrl, where.base, where.branch);
  const kept = `The work is kept on branch ${where.branch}: open the pull request by hand at ${link}`;
  const fix = ACTIONS_REFUSAL.test(said)
    ? 'To let the action open pull requests, pass a GitHub App token as github-token (actions/create-github-app-token; its PRs also start CI), or turn on Settings → Actions → General → "Allow GitHub Actions to create and approve pull requests"'
    : 'Give the github-token "pull-requests: write" (or use a GitHub App token from actions/create-github-app-token)';
  return new PullRequestRefused(
    `GitHub refused to open the pull request (403: ${said}). ${kept}. ${fix}.`,
    link,
  );
}

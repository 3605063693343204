/**
 * What the GitHub token is, as far as `cyrus status` can tell from the rate limit GitHub answers
 * with: the workflow's GITHUB_TOKEN has 1,000 requests an hour per repository, App installations
 * and personal tokens at least 5,000.
 */
export function tokenKindNote(rateLimitHeader: string | number | undefined): string {
  const limit = Number(rateLimitHeader);
  if (!Number.isFinite(limit) || limit <= 0) return 'token kind unknown (no rate-limit header)';
  if (limit > 1000) return `not the Actions token (${limit.toLocaleString('en-US')} requests an hour)`;
  return (
    `this is GitHub Actions' own GITHUB_TOKEN (${limit.toLocaleString('en-US')} requests an hour): ` +
    'its PRs and pushes start no CI (the action dispatches workflows that declare workflow_dispatch, ' +
    'else the check is neutral), and it opens PRs only with "Allow GitHub Actions to create and approve ' +
    'pull requests" on; use a GitHub App token (actions/create-github-app-token) as github-token'
  );
}

import type { ResolvedConfig } from '../config/index.js';
import { createGitHubClient, githubMessage, httpStatus } from '../github/index.js';
import { chooseMethod, OctokitMergeGateway } from '../merge/index.js';
import { errorMessage } from '../util/errors.js';
import { withTimeout } from '../util/timeout.js';
import type { CliEnvironment, RepositorySource } from './env.js';
import type { CheckOutcome, ProbeSettings } from './status-checks.js';

const AUTO_MERGE_SETTING = 'Settings → General → Pull Requests → "Allow auto-merge"';

/**
 * For a configured merge policy: whether the token and the repository let validated PRs land. Reads
 * the repository's merge settings and merge queue (GraphQL), and the base branch's protection (REST,
 * readable only with administration permission).
 */
export async function probeMerge(
  env: CliEnvironment,
  source: RepositorySource | undefined,
  config: ResolvedConfig,
  settings: ProbeSettings,
): Promise<CheckOutcome> {
  const policy = config.merge.policy;
  if (!env.githubToken || !source)
    return { status: 'failed', summary: 'needs the GitHub check to pass first' };
  const { owner, repo } = source.repository;
  const client = createGitHubClient({
    token: env.githubToken,
    baseUrl: env.githubApiUrl,
    timeoutMs: settings.timeoutMs,
    rateLimitRetries: 0,
    logger: settings.logger,
  });
  try {
    return await withTimeout(env.githubApiUrl, settings.timeoutMs, async (signal) => {
      const { data } = await client.rest.repos.get({ owner, repo, request: { signal } });
      const base = data.default_branch;
      const repoSettings = await new OctokitMergeGateway(client, { owner, repo }).settings(base);
      const method = chooseMethod(repoSettings, config.merge.method);
      if (typeof method !== 'string')
        return {
          status: 'failed',
          summary: method.refused,
          detail: 'set merge.method to one the repository allows',
        };
      if (policy === 'queue' && !repoSettings.mergeQueue)
        return {
          status: 'failed',
          summary: `merge: queue, but ${base} has no merge queue`,
          detail: `add a merge queue to ${base} in a branch ruleset, or set merge: auto`,
        };
      const reviews = await requiredReviews(client, owner, repo, base, signal);
      const autoMerge = repoSettings.autoMergeAllowed;
      if (typeof reviews === 'number' && reviews > 0 && !autoMerge && policy === 'auto')
        return {
          status: 'failed',
          summary: `${base} requires ${reviews} approving review(s), which the action cannot give, and auto-merge is off`,
          detail: `turn on ${AUTO_MERGE_SETTING} so a PR merges once a person approves it`,
        };
      const notes = [
        `${policy} with ${method.toLowerCase()} into ${base}`,
        autoMerge
          ? 'auto-merge allowed'
          : `auto-merge off (${AUTO_MERGE_SETTING}): only PRs nothing blocks merge`,
        typeof reviews === 'number'
          ? reviews > 0
            ? `${base} requires ${reviews} approving review(s): a person approves each PR, then GitHub merges it`
            : `${base} requires no review`
          : reviews,
      ];
      return { status: 'ok', summary: 'Ready', detail: notes.join('; ') };
    });
  } catch (error) {
    return { status: 'failed', summary: `could not read the merge settings: ${errorMessage(error)}` };
  }
}

/** Approving reviews the base's protection requires; words when the token cannot tell. */
async function requiredReviews(
  client: ReturnType<typeof createGitHubClient>,
  owner: string,
  repo: string,
  branch: string,
  signal: AbortSignal,
): Promise<number | string> {
  try {
    const { data } = await client.rest.repos.getBranchProtection({
      owner,
      repo,
      branch,
      request: { signal },
    });
    return data.required_pull_request_reviews?.required_approving_review_count ?? 0;
  } catch (error) {
    const status = httpStatus(error);
    if (status === 404 && /not protected/i.test(githubMessage(error))) return 0;
    if (status === 403 || status === 404)
      return `cannot read ${branch}'s protection with this token (it needs administration: read); a rule that requires reviews holds PRs until a person approves`;
    throw error;
  }
}

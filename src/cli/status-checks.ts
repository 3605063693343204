import { type ResolvedConfig, resolveConfig } from '../config/index.js';
import { loadConfigFile } from '../config/load.js';
import type { RepositoryRef } from '../domain/index.js';
import { type CheckOutcome, failed, ok, skipped } from '../executors/probe-outcome.js';
import { createGitHubClient, githubMessage, httpStatus } from '../github/index.js';
import { createLinearClient, SdkLinearGateway } from '../linear/index.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { withTimeout } from '../util/timeout.js';
import type { CliEnvironment, RepositorySource } from './env.js';
import { REPOSITORY_HINT } from './env.js';
import { tokenKindNote } from './token-kind.js';

export type { CheckOutcome } from '../executors/probe-outcome.js';

export interface ProbeSettings {
  timeoutMs: number;
  logger: Logger;
}

export type ConfigProbe = CheckOutcome & { config?: ResolvedConfig };

/** The config file parses and resolves exactly as the action would resolve it. */
export async function probeConfig(
  cwd: string,
  configFile: string | undefined,
  env: CliEnvironment,
  repository: RepositoryRef | undefined,
): Promise<ConfigProbe> {
  try {
    const loaded = await loadConfigFile(cwd, configFile);
    const config = resolveConfig(
      loaded.config,
      { codegenOrgId: env.codegenOrgId },
      {
        repository: repository ? `${repository.owner}/${repository.repo}` : undefined,
        hasCodegenToken: Boolean(env.codegenApiToken),
      },
    );
    return { ...ok(loaded.file ?? 'no config file, the defaults apply'), config };
  } catch (error) {
    return failed(errorMessage(error).replace(/\n\s*/g, ' '));
  }
}

/** The token reaches the repository with push access; notes whether the ledger branch exists. */
export async function probeGitHub(
  env: CliEnvironment,
  source: RepositorySource | undefined,
  stateBranch: string,
  settings: ProbeSettings,
): Promise<CheckOutcome> {
  if (!env.githubToken) {
    return failed(
      'GITHUB_TOKEN is not set',
      'set GITHUB_TOKEN (or GH_TOKEN) to a token with contents, pull-requests, issues and checks write',
    );
  }
  if (!source) return failed('no repository to check', REPOSITORY_HINT);
  const { owner, repo } = source.repository;
  const name = `${owner}/${repo}`;
  const client = createGitHubClient({
    token: env.githubToken,
    baseUrl: env.githubApiUrl,
    timeoutMs: settings.timeoutMs,
    rateLimitRetries: 0,
    logger: settings.logger,
  });
  try {
    return await withTimeout(env.githubApiUrl, settings.timeoutMs, async (signal) => {
      const { data, headers } = await client.rest.repos.get({ owner, repo, request: { signal } });
      const token = tokenKindNote(headers['x-ratelimit-limit']);
      if (data.permissions && !data.permissions.push) {
        return failed(
          `the token can read ${name} but cannot push to it`,
          'the action writes branches, the ledger and PRs: give the token contents, pull-requests, issues and checks write',
        );
      }
      const ledger = await client.rest.git
        .getRef({ owner, repo, ref: `heads/${stateBranch}`, request: { signal } })
        .then(
          () => `ledger branch ${stateBranch} exists`,
          (error: unknown) => {
            if (httpStatus(error) === 404)
              return `ledger branch ${stateBranch} not created yet (the first run creates it)`;
            throw error;
          },
        );
      return ok(name, `push access (repository from ${source.from}); ${ledger}; ${token}`);
    });
  } catch (error) {
    const status = httpStatus(error);
    if (status === 401)
      return failed(`GitHub rejected the token (401 ${githubMessage(error)})`, 'check GITHUB_TOKEN');
    if (status === 404 || status === 403) {
      return failed(
        `${name} is not visible to the token (${status} ${githubMessage(error)})`,
        `check the repository name (from ${source.from}) and the token's access`,
      );
    }
    return failed(status ? `GitHub answered ${status}: ${githubMessage(error)}` : errorMessage(error));
  }
}

/** The Linear key answers `viewer`. */
export async function probeLinear(env: CliEnvironment, settings: ProbeSettings): Promise<CheckOutcome> {
  if (!env.linearApiKey) {
    return skipped('Not configured', 'LINEAR_API_KEY is not set: reports go to the GitHub issue only');
  }
  try {
    const gateway = new SdkLinearGateway({
      client: createLinearClient({ credential: env.linearApiKey, apiUrl: env.linearApiUrl }),
      logger: settings.logger,
      timeoutMs: settings.timeoutMs,
      retry: { maxAttempts: 1 },
      maxRateLimitWaitMs: 0,
    });
    const viewer = await withTimeout(env.linearApiUrl, settings.timeoutMs, () => gateway.viewer());
    return ok(
      `${viewer.name} (${viewer.organization.name})`,
      `the key answers viewer at ${env.linearApiUrl}`,
    );
  } catch (error) {
    return failed(
      errorMessage(error).replace(/\n\s*/g, ' '),
      'check LINEAR_API_KEY (a Linear API key or OAuth token)',
    );
  }
}

/** Codegen answers `users/me` and lists the org's repositories, this one among them. */

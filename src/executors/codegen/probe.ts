import { CodegenClient, DEFAULT_CODEGEN_API_URL, type Repository } from '../../codegen/index.js';
import { envValue } from '../../util/env-value.js';
import { errorMessage } from '../../util/errors.js';
import { withTimeout } from '../../util/timeout.js';
import type { CheckOutcome, ProbeContext } from '../module.js';
import { failed, ok, skipped } from '../probe-outcome.js';

/** Codegen answers `users/me` as the token's user and lists this repository among the org's. */
export async function probeCodegen(context: ProbeContext): Promise<CheckOutcome> {
  const { config, repository } = context;
  const settings = context;
  const rawOrg = envValue(context.env, 'CODEGEN_ORG_ID');
  const env = {
    codegenApiToken: envValue(context.env, 'CODEGEN_API_TOKEN'),
    codegenApiUrl: envValue(context.env, 'CODEGEN_API_URL') ?? DEFAULT_CODEGEN_API_URL,
  };
  // The CLI has refused an org id that is not a whole number before any check runs.
  const orgId = config?.codegen.orgId ?? (rawOrg && /^[1-9]\d*$/.test(rawOrg) ? Number(rawOrg) : undefined);
  const setup = 'run `cyrus codegen setup`, or set CODEGEN_API_TOKEN and codegen.orgId (or CODEGEN_ORG_ID)';
  if (config && !config.codegen.enabled && (orgId !== undefined || env.codegenApiToken)) {
    return skipped('Disabled', 'codegen.enabled is false in the config file');
  }
  if (!env.codegenApiToken && orgId === undefined) return skipped('Not configured', setup);
  if (!env.codegenApiToken) return failed(`CODEGEN_API_TOKEN is not set (org ${orgId} is configured)`, setup);
  if (orgId === undefined) return failed('no org id: codegen.orgId and CODEGEN_ORG_ID are both unset', setup);

  const client = new CodegenClient({
    token: env.codegenApiToken,
    orgId,
    baseUrl: env.codegenApiUrl,
    timeoutMs: settings.timeoutMs,
    retry: { maxAttempts: 2, baseMs: 500, maxMs: 2_000 },
    logger: settings.logger,
  });
  try {
    return await withTimeout(env.codegenApiUrl, settings.timeoutMs, async (signal) => {
      const user = await client.getCurrentUser({ signal });
      const repos = await listAllRepositories(client, signal);
      const who = `org ${orgId} as @${user.github_username}`;
      if (repos.length === 0) {
        return failed(
          `Codegen org ${orgId} has no repositories connected`,
          'connect this repository at codegen.com → Repositories',
        );
      }
      const wanted = config?.codegen.repoId;
      if (wanted !== undefined && !repos.some((r) => r.id === wanted)) {
        return failed(
          `codegen.repoId ${wanted} is not among the repositories of org ${orgId}`,
          `connected: ${repos.map((r) => `${r.full_name} (${r.id})`).join(', ')}; run \`cyrus codegen setup\``,
        );
      }
      if (repository) {
        const name = `${repository.owner}/${repository.repo}`.toLowerCase();
        if (!repos.some((r) => r.full_name.toLowerCase() === name)) {
          return failed(
            `${repository.owner}/${repository.repo} is not connected to Codegen org ${orgId}`,
            `connected: ${repos.map((r) => r.full_name).join(', ')}; connect it at codegen.com → Repositories`,
          );
        }
      }
      const count = `${repos.length} repositor${repos.length === 1 ? 'y' : 'ies'}`;
      const among = repository ? `, ${repository.owner}/${repository.repo} among them` : '';
      return ok('Ready', `${who}; ${count}${among}`);
    });
  } catch (error) {
    return failed(errorMessage(error).replace(/\n\s*/g, ' '));
  }
}

const REPOSITORY_PAGES = 10;

/** Every repository of the org (pages of 100, at most 10 pages). */
export async function listAllRepositories(
  client: CodegenClient,
  signal?: AbortSignal,
): Promise<Repository[]> {
  const all: Repository[] = [];
  for (let page = 0; page < REPOSITORY_PAGES; page++) {
    const result = await client.listRepositories({ skip: page * 100, limit: 100, signal });
    all.push(...result.items);
    if (result.items.length < 100 || all.length >= result.total) break;
  }
  return all;
}

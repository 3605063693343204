import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfigFile, resolveConfig, type Strategy } from '../config/index.js';
import type { RepositoryRef } from '../domain/index.js';
import { type JobSettings, parseJobSettings } from '../modes/index.js';
import type { CommandContext } from './command.js';
import type { CliEnvironment } from './env.js';

/** What `cyrus plan` and `cyrus run` were asked, after the flags were checked. */
export interface TerminalJobRequest {
  mode: 'plan' | 'run';
  issue: string;
  dryRun: boolean;
  strategy?: Strategy;
  /** `--ledger-dir`, relative to cwd. */
  ledgerDir?: string;
  repository: RepositoryRef;
  environment: CliEnvironment & { githubToken: string };
}

/**
 * The job's settings from a terminal: the config file of the checkout at cwd with the flags over
 * it, credentials and endpoints from the environment, scratch space in the system's temp folder.
 */
export async function terminalJobSettings(
  ctx: CommandContext,
  request: TerminalJobRequest,
): Promise<JobSettings> {
  const env = request.environment;
  const { owner, repo } = request.repository;
  const loaded = await loadConfigFile(ctx.cwd, ctx.configFile?.trim() || undefined);
  const config = resolveConfig(
    loaded.config,
    { strategy: request.strategy, codegenOrgId: env.codegenOrgId },
    { repository: `${owner}/${repo}`, hasCodegenToken: Boolean(env.codegenApiToken) },
  );
  const scratch = path.join(os.tmpdir(), 'cyrus-cli');
  mkdirSync(scratch, { recursive: true });
  return parseJobSettings(
    {
      mode: request.mode,
      issue: request.issue,
      dryRun: request.dryRun,
      trigger: { event: `cyrus ${request.mode}`, payload: {} },
      repository: request.repository,
      config,
      configSource: { file: loaded.file ?? undefined },
      credentials: {
        githubToken: env.githubToken,
        githubApiUrl: env.githubApiUrl,
        serverUrl: serverUrlOf(env.githubApiUrl),
        linearApiKey: env.linearApiKey,
        linearApiUrl: env.linearApiUrl,
        codegenApiToken: env.codegenApiToken,
        codegenApiUrl: env.codegenApiUrl,
        claude: { anthropicApiKey: env.anthropicApiKey, oauthToken: env.claudeOauthToken },
        claudePath: env.claudePath,
      },
      workspace: ctx.cwd,
      scratch,
      toolCache: env.toolCache,
      // No workflow run behind a terminal: an id of its own for the ledger, and no run page to link.
      run: { id: `cli-${ctx.clock.now()}` },
      ledger: request.ledgerDir
        ? { kind: 'directory', path: path.resolve(ctx.cwd, request.ledgerDir) }
        : { kind: 'state-branch' },
    },
    (field) => FIELD_SOURCES[field] ?? field,
  );
}

/** Where each settings field comes from at a terminal, for errors. */
const FIELD_SOURCES: Record<string, string> = {
  issue: 'the issue argument',
  'credentials.githubApiUrl': 'GITHUB_API_URL',
  'credentials.serverUrl': 'GITHUB_API_URL',
  'credentials.linearApiUrl': 'LINEAR_API_URL',
  'credentials.codegenApiUrl': 'CODEGEN_API_URL',
  'credentials.claudePath': 'CLAUDE_PATH',
  toolCache: 'RUNNER_TOOL_CACHE',
  'ledger.path': '--ledger-dir',
};

/** github.com for api.github.com; GHES serves its API under /api/v3 of the server. */
function serverUrlOf(apiUrl: string): string {
  if (apiUrl === 'https://api.github.com') return 'https://github.com';
  return apiUrl.replace(/\/api\/v3$/, '');
}

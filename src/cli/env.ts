import { execFile } from 'node:child_process';
import { DEFAULT_CODEGEN_API_URL } from '../codegen/index.js';
import type { RepositoryRef } from '../domain/index.js';
import { DEFAULT_LINEAR_API_URL } from '../linear/index.js';
import { envValue } from '../util/env-value.js';
import { UserError } from '../util/errors.js';
import { UsageError } from './command.js';

/** Credentials and endpoints for the CLI, from the environment (the names the action's docs use). */
export interface CliEnvironment {
  githubToken?: string;
  githubApiUrl: string;
  linearApiKey?: string;
  linearApiUrl: string;
  codegenApiToken?: string;
  codegenOrgId?: number;
  codegenApiUrl: string;
  anthropicApiKey?: string;
  claudeOauthToken?: string;
  /** `CLAUDE_PATH`: a `claude` executable to use instead of looking on PATH. */
  claudePath?: string;
  /** `RUNNER_TOOL_CACHE`, where the action keeps its pinned `claude`. */
  toolCache?: string;
}

export function readCliEnvironment(env: NodeJS.ProcessEnv): CliEnvironment {
  const orgId = envValue(env, 'CODEGEN_ORG_ID');
  if (orgId !== undefined && !/^[1-9]\d*$/.test(orgId)) {
    throw new UserError(
      `CODEGEN_ORG_ID must be a positive whole number (Codegen org ids are integers), found "${orgId}".`,
    );
  }
  return {
    githubToken: envValue(env, 'GITHUB_TOKEN') ?? envValue(env, 'GH_TOKEN'),
    githubApiUrl: (envValue(env, 'GITHUB_API_URL') ?? 'https://api.github.com').replace(/\/$/, ''),
    linearApiKey: envValue(env, 'LINEAR_API_KEY'),
    linearApiUrl: envValue(env, 'LINEAR_API_URL') ?? DEFAULT_LINEAR_API_URL,
    codegenApiToken: envValue(env, 'CODEGEN_API_TOKEN'),
    codegenOrgId: orgId === undefined ? undefined : Number(orgId),
    codegenApiUrl: envValue(env, 'CODEGEN_API_URL') ?? DEFAULT_CODEGEN_API_URL,
    anthropicApiKey: envValue(env, 'ANTHROPIC_API_KEY'),
    claudeOauthToken: envValue(env, 'CLAUDE_CODE_OAUTH_TOKEN'),
    claudePath: envValue(env, 'CLAUDE_PATH'),
    toolCache: envValue(env, 'RUNNER_TOOL_CACHE'),
  };
}

/** `owner/name` → RepositoryRef; a wrong form is a usage error naming the flag. */
function parseRepositoryFlag(text: string, flag = '--repo'): RepositoryRef {
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(text.trim());
  if (!match?.[1] || !match[2])
    throw new UsageError(`${flag} must be owner/name (e.g. acme/widgets), found "${text}"`);
  return { owner: match[1], repo: match[2].replace(/\.git$/, '') };
}

/** A GitHub remote URL (https, ssh or scp-like) → RepositoryRef. */
function repositoryFromRemote(url: string): RepositoryRef | undefined {
  const match =
    /^(?:https?:\/\/(?:[^@/]+@)?[^/]+\/|ssh:\/\/git@[^/]+\/|git@[^:]+:)([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(
      url.trim(),
    );
  return match?.[1] && match[2] ? { owner: match[1], repo: match[2] } : undefined;
}

export interface RepositorySource {
  repository: RepositoryRef;
  /** Where it came from, for messages. */
  from: '--repo' | 'GITHUB_REPOSITORY' | 'git remote';
}

/** `--repo`, else `GITHUB_REPOSITORY`, else the `origin` remote of cwd; undefined when none says. */
export async function resolveRepository(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<RepositorySource | undefined> {
  if (flag) return { repository: parseRepositoryFlag(flag), from: '--repo' };
  const fromEnv = envValue(env, 'GITHUB_REPOSITORY');
  if (fromEnv) {
    try {
      return { repository: parseRepositoryFlag(fromEnv, 'GITHUB_REPOSITORY'), from: 'GITHUB_REPOSITORY' };
    } catch {
      throw new UserError(`GITHUB_REPOSITORY must be owner/name, found "${fromEnv}".`);
    }
  }
  const remote = await gitRemoteUrl(cwd);
  const repository = remote ? repositoryFromRemote(remote) : undefined;
  return repository ? { repository, from: 'git remote' } : undefined;
}

/** The `origin` URL of the checkout at cwd, or undefined (not a checkout, no git, no origin). */
function gitRemoteUrl(cwd: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['remote', 'get-url', 'origin'],
      { cwd, timeout: 5_000, env: { PATH: process.env.PATH ?? '', GIT_TERMINAL_PROMPT: '0' } },
      (error, stdout) => resolve(error ? undefined : stdout.trim() || undefined),
    );
  });
}

export const REPOSITORY_HINT =
  'pass --repo owner/name, set GITHUB_REPOSITORY, or run it inside a clone whose `origin` is on GitHub';

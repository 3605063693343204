import type { ClaudeCredentials } from '../domain/credentials.js';
import { withProxyVariablesInBothCases } from '../http/index.js';
import { inheritedChildEnv } from '../util/child-env.js';

/**
 * The environment of a `claude` child process: the shared child-environment policy, plus what
 * the CLI and git need from the runner (XDG dirs, commit identity), Claude Code's own settings,
 * and the one Anthropic credential. Not the GitHub, Linear or Codegen tokens, and not git's
 * config-by-environment variables (which can carry an auth header).
 */
const CLAUDE_NAMES = [
  'CI',
  'XDG_CONFIG_HOME',
  'XDG_CACHE_HOME',
  'XDG_DATA_HOME',
  'XDG_STATE_HOME',
  'XDG_RUNTIME_DIR',
  // Identity for commits; git needs nothing else from the environment.
  'GIT_AUTHOR_NAME',
  'GIT_AUTHOR_EMAIL',
  'GIT_COMMITTER_NAME',
  'GIT_COMMITTER_EMAIL',
  'CLAUDE_CONFIG_DIR',
  'DISABLE_AUTOUPDATER',
  'DISABLE_TELEMETRY',
  'DISABLE_ERROR_REPORTING',
];

/** Claude Code's own settings (base URL, model, switches); credential-looking ones still drop. */
const CLAUDE_PREFIXES = ['ANTHROPIC_', 'CLAUDE_CODE_'];

export type { ClaudeCredentials } from '../domain/credentials.js';

export function buildClaudeEnv(
  source: NodeJS.ProcessEnv,
  credentials: ClaudeCredentials,
): Record<string, string> {
  const env = withProxyVariablesInBothCases(
    inheritedChildEnv(source, { names: CLAUDE_NAMES, prefixes: CLAUDE_PREFIXES }),
  );
  if (credentials.anthropicApiKey) env.ANTHROPIC_API_KEY = credentials.anthropicApiKey;
  else if (credentials.oauthToken) env.CLAUDE_CODE_OAUTH_TOKEN = credentials.oauthToken;
  // A pinned binary must not replace itself, and git must never stop to ask for a password.
  env.DISABLE_AUTOUPDATER = '1';
  env.GIT_TERMINAL_PROMPT = '0';
  env.CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC ??= '1';
  return env;
}

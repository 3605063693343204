import type { ClaudeCredentials } from '../domain/credentials.js';

/**
 * The environment of a `claude` child process, built from an allow-list: what the CLI, git and a
 * shell need, Claude Code's own settings, and the one Anthropic credential. Nothing else passes:
 * not the GitHub, Linear or Codegen tokens, and not git's config-by-environment variables (which
 * can carry an auth header).
 */

/** Exact names that pass through. */
const ALLOWED_NAMES = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'TERM',
  'TZ',
  'TMPDIR',
  'TMP',
  'TEMP',
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
  // Networks behind a proxy or a private CA.
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'NODE_EXTRA_CA_CERTS',
  'CLAUDE_CONFIG_DIR',
  'DISABLE_AUTOUPDATER',
  'DISABLE_TELEMETRY',
  'DISABLE_ERROR_REPORTING',
  // Windows essentials.
  'SystemRoot',
  'SYSTEMROOT',
  'ComSpec',
  'PATHEXT',
  'USERPROFILE',
  'APPDATA',
  'LOCALAPPDATA',
]);

/** Prefixes that pass through: locale and Claude Code's own settings (base URL, model, switches). */
const ALLOWED_PREFIXES = ['LC_', 'ANTHROPIC_', 'CLAUDE_CODE_'];

/** Even an allowed name is dropped when it looks like a credential; ours are added explicitly. */
const SECRET_WORD = /TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|APIKEY/i;
const SECRET_SEGMENT = /(^|_)(KEY|AUTH|OAUTH|PAT|COOKIE)(_|$)/i;
const looksSecret = (name: string) => SECRET_WORD.test(name) || SECRET_SEGMENT.test(name);

export type { ClaudeCredentials } from '../domain/credentials.js';

export function buildClaudeEnv(
  source: NodeJS.ProcessEnv,
  credentials: ClaudeCredentials,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined) continue;
    const allowed = ALLOWED_NAMES.has(name) || ALLOWED_PREFIXES.some((prefix) => name.startsWith(prefix));
    if (allowed && !looksSecret(name)) env[name] = value;
  }
  if (credentials.anthropicApiKey) env.ANTHROPIC_API_KEY = credentials.anthropicApiKey;
  else if (credentials.oauthToken) env.CLAUDE_CODE_OAUTH_TOKEN = credentials.oauthToken;
  // A pinned binary must not replace itself, and git must never stop to ask for a password.
  env.DISABLE_AUTOUPDATER = '1';
  env.GIT_TERMINAL_PROMPT = '0';
  env.CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC ??= '1';
  return env;
}

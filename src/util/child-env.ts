/**
 * The one policy for what a child process (git, `claude`, a validate-command, an agent) inherits
 * from the action's environment. It is an allow-list, never the environment minus a deny-list:
 *
 * - always: what a program and a shell need (PATH, HOME, user, shell, terminal, time zone),
 *   locale (LANG, LANGUAGE, LC_*), temp dirs, a private CA (SSL_CERT_*, NODE_EXTRA_CA_CERTS) and
 *   the Windows essentials;
 * - proxies (HTTP_PROXY, HTTPS_PROXY, NO_PROXY, either case) only when no credentials are
 *   embedded in them (`http://user:pass@proxy` stays out);
 * - whatever a caller names in `extra` (exact names or prefixes) for its own program;
 * - never a name that looks like a credential (TOKEN, SECRET, PASSWORD, KEY, AUTH, ...), whoever
 *   allowed it: a caller that needs a credential adds it explicitly after this.
 *
 * Each caller then sets what it owns (a fresh HOME, `GIT_TERMINAL_PROMPT=0`, its credential).
 */

const BASE_NAMES = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'TERM',
  'TZ',
  'LANG',
  'LANGUAGE',
  'TMPDIR',
  'TMP',
  'TEMP',
  // A private CA: paths, never secrets.
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'NODE_EXTRA_CA_CERTS',
  // Windows essentials.
  'SystemRoot',
  'SYSTEMROOT',
  'ComSpec',
  'COMSPEC',
  'PATHEXT',
  'WINDIR',
  'USERPROFILE',
  'APPDATA',
  'LOCALAPPDATA',
  'PROGRAMDATA',
  'ProgramData',
] as const;

const BASE_PREFIXES = ['LC_'] as const;

const PROXY_NAMES = new Set([
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
]);

const SECRET_WORD = /TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|APIKEY/i;
const SECRET_SEGMENT = /(^|_)(KEY|AUTH|OAUTH|PAT|COOKIE)(_|$)/i;

/** A variable name that looks like it holds a credential. */
export function looksLikeSecretName(name: string): boolean {
  return SECRET_WORD.test(name) || SECRET_SEGMENT.test(name);
}

/** A proxy value with `user[:pass]@` in it (any `@` counts: a proxy URL needs none otherwise). */
function carriesCredentials(value: string): boolean {
  return value.includes('@');
}

export interface ChildEnvExtra {
  /** Exact names this caller's program needs besides the base ones. */
  names?: readonly string[];
  /** Name prefixes this caller's program reads its settings from (e.g. `CLAUDE_CODE_`). */
  prefixes?: readonly string[];
}

/** The variables of `source` that a child may inherit under the policy above. */
export function inheritedChildEnv(
  source: NodeJS.ProcessEnv,
  extra: ChildEnvExtra = {},
): Record<string, string> {
  const names = new Set<string>([...BASE_NAMES, ...(extra.names ?? [])]);
  const prefixes = [...BASE_PREFIXES, ...(extra.prefixes ?? [])];
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined || looksLikeSecretName(name)) continue;
    const proxy = PROXY_NAMES.has(name);
    if (proxy && carriesCredentials(value)) continue;
    if (proxy || names.has(name) || prefixes.some((prefix) => name.startsWith(prefix))) env[name] = value;
  }
  return env;
}

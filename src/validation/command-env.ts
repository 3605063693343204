/**
 * The environment of a validate-command: built from an allow-list, never from the action's own
 * environment minus a deny-list. It holds no token (not GitHub's, Linear's, Codegen's, Anthropic's,
 * nor the runner's ACTIONS_* ones), no git config by environment, and a HOME of its own, so neither
 * the user's ~/.gitconfig nor a credential helper there is read.
 */

const PASS_THROUGH = new Set([
  'PATH',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TERM',
  'USER',
  'LOGNAME',
  'SHELL',
  // Windows essentials.
  'SystemRoot',
  'SYSTEMROOT',
  'ComSpec',
  'PATHEXT',
  'WINDIR',
]);

/** Proxies pass only without credentials in them (`http://user:pass@proxy` stays out). */
const PROXIES = new Set(['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy']);

const SECRET_WORD = /TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|APIKEY/i;
const SECRET_SEGMENT = /(^|_)(KEY|AUTH|OAUTH|PAT|COOKIE)(_|$)/i;
const looksSecret = (name: string) => SECRET_WORD.test(name) || SECRET_SEGMENT.test(name);

export interface CommandDirs {
  /** A fresh, empty HOME. */
  home: string;
  /** A fresh TMPDIR. */
  tmp: string;
}

export function buildCommandEnv(source: NodeJS.ProcessEnv, dirs: CommandDirs): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined || looksSecret(name)) continue;
    const allowed =
      PASS_THROUGH.has(name) || name.startsWith('LC_') || (PROXIES.has(name) && !value.includes('@'));
    if (allowed) env[name] = value;
  }
  return {
    ...env,
    HOME: dirs.home,
    USERPROFILE: dirs.home,
    TMPDIR: dirs.tmp,
    TMP: dirs.tmp,
    TEMP: dirs.tmp,
    CI: 'true',
    // git in the command reads no system or global config and never prompts.
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
  };
}

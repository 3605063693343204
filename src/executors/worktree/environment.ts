import type { Logger } from '../../util/logger.js';

/**
 * Drops from an allow-listed environment every variable that carries a secret value the action
 * holds (git credentials, tokens), so a secret that slipped into an allowed variable (a proxy URL
 * with a token, say) still does not reach the agent; and git's config-by-environment variables,
 * which can carry an auth header. `own` are the agent's own credentials, which it is meant to get.
 */
export function withoutJobSecrets(
  env: Record<string, string>,
  secrets: readonly string[],
  own: readonly string[],
  logger?: Logger,
): Record<string, string> {
  const mine = new Set(own.filter((s) => s !== ''));
  const needles = secrets.filter((s) => s.length >= 8 && !mine.has(s));
  const out = { ...env };
  for (const [name, value] of Object.entries(out)) {
    const configByEnv = name.startsWith('GIT_CONFIG_');
    if (configByEnv || needles.some((n) => value.includes(n))) {
      delete out[name];
      logger?.warning(`not passing ${name} to the agent: it carries a credential the agent must not see`);
    }
  }
  return out;
}

/**
 * The environment as seen inside the sandbox: a HOME of the agent's own (nothing of the action's
 * ~/.gitconfig), the sandbox's /tmp, its own user name, no XDG directories of the action's user.
 */
export function sandboxedEnvironment(env: Record<string, string>, home: string): Record<string, string> {
  const out: Record<string, string> = {
    ...env,
    HOME: home,
    TMPDIR: '/tmp',
    USER: 'cyrus-sandbox',
    LOGNAME: 'cyrus-sandbox',
  };
  for (const name of [
    'XDG_CONFIG_HOME',
    'XDG_CACHE_HOME',
    'XDG_DATA_HOME',
    'XDG_STATE_HOME',
    'XDG_RUNTIME_DIR',
    'TMP',
    'TEMP',
  ]) {
    delete out[name];
  }
  // git inside the sandbox reads no system config and never prompts.
  out.GIT_CONFIG_NOSYSTEM = '1';
  return out;
}

import { buildClaudeEnv, type ClaudeCredentials } from '../../claude/index.js';
import type { Logger } from '../../util/logger.js';

/**
 * The agent's environment: the Claude runtime's allow-list, then a second check against the
 * secret values the action actually holds (git credentials, tokens), so a secret that slipped
 * into an allowed variable (a proxy URL with a token, say) still does not reach the agent.
 */
export function agentEnvironment(
  source: NodeJS.ProcessEnv,
  credentials: ClaudeCredentials,
  secrets: readonly string[],
  logger?: Logger,
): Record<string, string> {
  const env = buildClaudeEnv(source, credentials);
  const own = new Set([credentials.anthropicApiKey, credentials.oauthToken].filter((s): s is string => !!s));
  const needles = secrets.filter((s) => s.length >= 8 && !own.has(s));
  for (const [name, value] of Object.entries(env)) {
    const configByEnv = name.startsWith('GIT_CONFIG_');
    if (configByEnv || needles.some((n) => value.includes(n))) {
      delete env[name];
      logger?.warning(`not passing ${name} to the agent: it carries a credential the agent must not see`);
    }
  }
  return env;
}

/**
 * The same environment as seen inside the sandbox: a HOME and Claude config dir of the agent's
 * own (nothing of the action's ~/.gitconfig or ~/.claude), the sandbox's /tmp, its own user name.
 */
export function sandboxedAgentEnvironment(env: Record<string, string>, home: string): Record<string, string> {
  const out: Record<string, string> = {
    ...env,
    HOME: home,
    CLAUDE_CONFIG_DIR: `${home}/.claude`,
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

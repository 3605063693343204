import { buildClaudeEnv, type ClaudeCredentials } from '../../claude/index.js';
import type { Logger } from '../../util/logger.js';
import { sandboxedEnvironment, withoutJobSecrets } from '../worktree/index.js';

/**
 * The agent's environment: the Claude runtime's allow-list, then a second check against the
 * secret values the action actually holds (see withoutJobSecrets).
 */
export function agentEnvironment(
  source: NodeJS.ProcessEnv,
  credentials: ClaudeCredentials,
  secrets: readonly string[],
  logger?: Logger,
): Record<string, string> {
  const own = [credentials.anthropicApiKey, credentials.oauthToken].filter((s): s is string => !!s);
  return withoutJobSecrets(buildClaudeEnv(source, credentials), secrets, own, logger);
}

/** The same environment as seen inside the sandbox, with a Claude config dir of the agent's own. */
export function sandboxedAgentEnvironment(env: Record<string, string>, home: string): Record<string, string> {
  return { ...sandboxedEnvironment(env, home), CLAUDE_CONFIG_DIR: `${home}/.claude` };
}

import { buildClaudeEnv } from '../../claude/index.js';
import type { Logger } from '../../util/logger.js';
import { sandboxedEnvironment, withoutJobSecrets } from '../worktree/index.js';

/** Claude Code's own settings, which the local executor's allow-list passes and a command agent does not need. */
const CLAUDE_ONLY = /^(ANTHROPIC_|CLAUDE_)|^DISABLE_AUTOUPDATER$/;

/**
 * A command agent's environment: the local executor's allow-list (what a CLI, git and a shell
 * need) without Claude's settings, plus the variables the block names (the agent's own API key),
 * then every variable carrying a job secret dropped, then the sandbox's own HOME and user.
 */
export function commandEnvironment(
  source: NodeJS.ProcessEnv,
  passThrough: readonly string[],
  secrets: readonly string[],
  home: string,
  logger?: Logger,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(buildClaudeEnv(source, {}))) {
    if (!CLAUDE_ONLY.test(name)) env[name] = value;
  }
  for (const name of passThrough) {
    const value = source[name];
    if (value === undefined) logger?.warning(`${name} is not set on the runner; the agent runs without it`);
    else env[name] = value;
  }
  return sandboxedEnvironment(withoutJobSecrets(env, secrets, [], logger), home);
}

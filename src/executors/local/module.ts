import path from 'node:path';
import { LazyExecutor } from '../lazy.js';
import type { ExecutorModule } from '../module.js';
import { CLAUDE_CODE_CAPABILITIES, CLAUDE_CODE_LABEL, claudeCodeDescriptor } from './descriptor.js';
import { ClaudeCodeExecutor, LOCAL_EXECUTOR_NAME, type LocalExecutorOptions } from './executor.js';

/**
 * Claude Code on the runner, sandboxed, when the job has an Anthropic key or a Claude Code OAuth
 * token. Its executors are built once the checkout is safe (persisted credentials out), the
 * sandbox started and the pinned `claude` installed; `prepare` gets all three before dispatch.
 */
export const claudeCodeExecutorModule: ExecutorModule = {
  kind: LOCAL_EXECUTOR_NAME,
  label: CLAUDE_CODE_LABEL,
  capabilities: CLAUDE_CODE_CAPABILITIES,
  needsSafeCheckout: true,
  async start(services) {
    const { credentials, config, github, scratch, clock, logger } = services;
    const own = credentials.claude;
    if (!own.anthropicApiKey && !own.oauthToken)
      return { ok: false, reason: 'no Anthropic API key or Claude Code OAuth token was given' };
    let ready: Promise<LocalExecutorOptions> | undefined;
    const options = () => {
      ready ??= (async () => ({
        github,
        claude: {
          binary: await services.claude(),
          credentials: own,
          model: config.claude.model,
          allowedTools: config.claude.allowedTools,
          maxTurns: config.claude.maxTurns,
        },
        gitAuth: await services.gitAuth(),
        sandbox: await services.sandbox(),
        worktreeRoot: path.join(scratch, 'cyrus-worktrees'),
        // Its own credential is the one secret the agent gets; every other one the job holds stays out.
        secrets: services.secrets().filter((s) => s !== own.anthropicApiKey && s !== own.oauthToken),
        clock,
        logger,
        name: LOCAL_EXECUTOR_NAME,
      }))();
      return ready;
    };
    const descriptor = claudeCodeDescriptor(
      LOCAL_EXECUTOR_NAME,
      () => new LazyExecutor(async () => new ClaudeCodeExecutor(await options())),
    );
    return {
      ok: true,
      descriptor,
      prepare: async () => {
        await options();
      },
    };
  },
};

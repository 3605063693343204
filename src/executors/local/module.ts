import path from 'node:path';
import { loadBaseMcpConfig } from '../../claude/index.js';
import { LazyExecutor } from '../lazy.js';
import type { ExecutorModule, ExecutorServices } from '../module.js';
import { CLAUDE_CODE_CAPABILITIES, CLAUDE_CODE_LABEL, claudeCodeDescriptor } from './descriptor.js';
import { ClaudeCodeExecutor, LOCAL_EXECUTOR_NAME, type LocalExecutorOptions } from './executor.js';
import { probeLocalExecutor } from './probe.js';

/** The base branch's MCP servers file, outside every agent's directory (`features.useMcpServers`). */
async function baseMcpServers(services: ExecutorServices): Promise<string | undefined> {
  const dir = path.join(services.scratch, 'cyrus-mcp');
  return (await loadBaseMcpConfig({ read: services.baseBranchFile, dir, logger: services.logger })).file;
}

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
  // Claude Code also plans every issue: without it no job can work, whatever the strategy.
  status: {
    id: 'local',
    name: 'Local Executor',
    alwaysRequired: true,
    alwaysShown: true,
    probe: probeLocalExecutor,
  },
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
          tracing: config.codegen.features.enableTracing,
          ...(config.codegen.features.useMcpServers ? { mcpConfig: await baseMcpServers(services) } : {}),
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

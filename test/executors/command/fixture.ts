import { join } from 'node:path';
import {
  CommandExecutor,
  type CommandExecutorConfig,
  parseCommandConfig,
} from '../../../src/executors/command/index.js';
import { GitAuth } from '../../../src/git/index.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import { testSandbox } from '../../helpers/sandbox.js';
import { CODEGEN_TOKEN, GH_TOKEN, LINEAR_KEY, type Repo, runnerEnv } from '../local/fixture.js';

/** The scripted command-line agent (a real program the executor runs in its sandbox). */
export const SCRIPTED_AGENT = join(import.meta.dirname, '../../fixtures/agents/scripted-agent.mjs');
export const AGENT_KEY = 'sk-scripted-agent-own-key-0123456789';

export type AgentMode = 'edit' | 'chatty' | 'noop' | 'fail' | 'hang';

/** A config block running the scripted agent in `mode`, with the prompt passed as `via` says. */
export function agentBlock(
  mode: AgentMode,
  via: 'argument' | 'file' | 'stdin' = 'argument',
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const prompt =
    via === 'argument' ? ['--prompt', '{prompt}'] : via === 'file' ? ['--prompt-file', '{promptFile}'] : [];
  return {
    label: 'Scripted agent',
    command: ['node', SCRIPTED_AGENT, mode, ...prompt],
    env: ['OPENAI_API_KEY', 'HANG_MARKER'],
    costPerRunUsd: 0.25,
    ...extra,
  };
}

export function agentConfig(...args: Parameters<typeof agentBlock>): CommandExecutorConfig {
  const parsed = parseCommandConfig(agentBlock(...args));
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.config;
}

/** The runner's environment of the local tests (full of job secrets), plus the agent's own key. */
export function commandRunnerEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...runnerEnv('http://127.0.0.1:9', '/nonexistent-home'), OPENAI_API_KEY: AGENT_KEY, ...extra };
}

export async function makeCommandExecutor(
  repo: Repo,
  config: CommandExecutorConfig,
  sourceEnv: NodeJS.ProcessEnv = commandRunnerEnv(),
): Promise<{ executor: CommandExecutor; logger: MemoryLogger }> {
  const logger = new MemoryLogger();
  const executor = new CommandExecutor({
    config,
    sourceEnv,
    sandbox: await testSandbox(),
    github: repo.gateway,
    gitAuth: GitAuth.none(),
    worktreeRoot: repo.worktreeRoot,
    secrets: [GH_TOKEN, LINEAR_KEY, CODEGEN_TOKEN],
    logger,
  });
  return { executor, logger };
}

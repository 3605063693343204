import type { TaskExecutor } from '../../domain/index.js';
import { WorktreeExecutor, type WorktreeExecutorOptions } from '../worktree/index.js';
import type { CommandExecutorConfig } from './config.js';
import { CommandAgentStep } from './step.js';

export const COMMAND_EXECUTOR_KIND = 'command';

export interface CommandExecutorOptions extends Omit<WorktreeExecutorOptions, 'name'> {
  config: CommandExecutorConfig;
  /** Where the pass-through variables are read from; process.env by default. */
  sourceEnv?: NodeJS.ProcessEnv;
  name?: string;
}

/**
 * Any command-line coding agent on the runner (Codex CLI, Gemini CLI, Aider), sandboxed: the
 * worktree executor (directory, sandbox, commit, push, PR, clean-up) with the configured command
 * as its agent step. One instance runs one execution at a time.
 */
export class CommandExecutor extends WorktreeExecutor implements TaskExecutor {
  constructor(options: CommandExecutorOptions) {
    super(
      { ...options, name: options.name ?? COMMAND_EXECUTOR_KIND },
      new CommandAgentStep(options.config, options.sourceEnv ?? process.env, options.logger),
    );
  }
}

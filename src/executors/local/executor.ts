import { WorktreeExecutor, type WorktreeExecutorOptions } from '../worktree/index.js';
import { ClaudeAgentStep, type ClaudeSettings } from './claude-step.js';

export type { ClaudeSettings } from './claude-step.js';

export const LOCAL_EXECUTOR_NAME = 'claude-code';

export interface LocalExecutorOptions extends Omit<WorktreeExecutorOptions, 'name'> {
  claude: ClaudeSettings;
  name?: string;
}

/**
 * Claude Code on the runner, sandboxed: the worktree executor (directory, sandbox, commit, push,
 * PR, clean-up) with Claude as its agent step. One instance runs one execution at a time.
 */
export class ClaudeCodeExecutor extends WorktreeExecutor {
  constructor(options: LocalExecutorOptions) {
    super(
      { ...options, name: options.name ?? LOCAL_EXECUTOR_NAME },
      new ClaudeAgentStep(options.claude, options.logger),
    );
  }
}

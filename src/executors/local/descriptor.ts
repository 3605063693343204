import type { ExecutorCapabilities, ExecutorDescriptor, Task, TaskExecutor } from '../../domain/index.js';
import { ClaudeCodeExecutor, LOCAL_EXECUTOR_NAME, type LocalExecutorOptions } from './executor.js';

export const CLAUDE_CODE_LABEL = 'Claude Code';

/**
 * Claude Code runs on the runner, inside this job; it takes max-cost-per-task as a flag and stops
 * at it; a follow-up resumes its session with the evidence.
 */
export const CLAUDE_CODE_CAPABILITIES: ExecutorCapabilities = {
  needsRunner: true,
  detaches: false,
  honoursCostCap: true,
  resumesWithEvidence: true,
  tracing: true,
  mcpServers: true,
};

/** Typical Claude Code cost of a task by size before any history exists (USD). */
export const LOCAL_EXPECTED_USD: Record<Task['size'], number> = { s: 0.25, m: 0.75, l: 2 };

/**
 * Claude Code's descriptor over a factory: the runtime's builds the executor once the sandbox
 * and the push credentials are ready; tests pass ready options (`localExecutorDescriptor`).
 */
export function claudeCodeDescriptor(name: string, create: () => TaskExecutor): ExecutorDescriptor {
  return {
    name,
    label: CLAUDE_CODE_LABEL,
    capabilities: CLAUDE_CODE_CAPABILITIES,
    availability: () => ({ ok: true }),
    // Its own past cost here when there is one; a typical figure by size before that.
    expectedCostUsd: (task, history) => history.averageCostUsd ?? LOCAL_EXPECTED_USD[task.size],
    create,
  };
}

/** Registers the local executor: `registry.register(localExecutorDescriptor({...}))`. */
export function localExecutorDescriptor(options: LocalExecutorOptions): ExecutorDescriptor {
  const name = options.name ?? LOCAL_EXECUTOR_NAME;
  return claudeCodeDescriptor(name, () => new ClaudeCodeExecutor({ ...options, name }));
}

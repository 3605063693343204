import type { ExecutorDescriptor } from '../../domain/index.js';
import { ClaudeCodeExecutor, LOCAL_EXECUTOR_NAME, type LocalExecutorOptions } from './executor.js';

/** Registers the local executor: `registry.register(localExecutorDescriptor({...}))`. */
export function localExecutorDescriptor(options: LocalExecutorOptions): ExecutorDescriptor {
  const name = options.name ?? LOCAL_EXECUTOR_NAME;
  return {
    name,
    location: 'local',
    capabilities: {
      needsRunner: true,
      detaches: false,
      honoursCostCap: true,
      resumesWithEvidence: true,
      tracing: true,
      mcpServers: true,
    },
    create: () => new ClaudeCodeExecutor({ ...options, name }),
  };
}

import type {
  ExecutorAvailability,
  ExecutorCapabilities,
  ExecutorDescriptor,
  TaskExecutor,
} from '../../domain/index.js';
import type { CommandExecutorConfig } from './config.js';
import { expectedCommandCost } from './cost.js';
import { COMMAND_EXECUTOR_KIND, CommandExecutor, type CommandExecutorOptions } from './executor.js';

/** What a command agent can do: it runs on the runner, in this job, fresh each time, untraced. */
export const COMMAND_CAPABILITIES: ExecutorCapabilities = {
  needsRunner: true,
  detaches: false,
  honoursCostCap: false,
  resumesWithEvidence: false,
  tracing: false,
  mcpServers: false,
};

/**
 * The command executor's descriptor over a factory (the module's builds it once the sandbox is
 * ready); `availability` says why it cannot take work (its sandbox did not start, say).
 */
export function commandDescriptor(
  config: CommandExecutorConfig,
  create: () => TaskExecutor,
  availability: () => ExecutorAvailability = () => ({ ok: true }),
  name = COMMAND_EXECUTOR_KIND,
): ExecutorDescriptor {
  return {
    name,
    label: config.label,
    capabilities: COMMAND_CAPABILITIES,
    availability,
    expectedCostUsd: (_task, history) => expectedCommandCost(config, history),
    create,
  };
}

/** Registers a command executor from ready options: `registry.register(commandExecutorDescriptor({...}))`. */
export function commandExecutorDescriptor(options: CommandExecutorOptions): ExecutorDescriptor {
  const name = options.name ?? COMMAND_EXECUTOR_KIND;
  return commandDescriptor(options.config, () => new CommandExecutor({ ...options, name }), undefined, name);
}

import type { ExecutorCapabilities, ExecutorDescriptor } from '../../domain/index.js';
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

/** The sandbox could not start: the executor is listed, says why, and takes no work. */
export interface CommandExecutorUnavailable {
  config: CommandExecutorOptions['config'];
  unavailable: string;
  name?: string;
}

/** Registers the command executor, or lists it as unavailable with the reason. */
export function commandExecutorDescriptor(
  options: CommandExecutorOptions | CommandExecutorUnavailable,
): ExecutorDescriptor {
  const name = options.name ?? COMMAND_EXECUTOR_KIND;
  const { config } = options;
  return {
    kind: COMMAND_EXECUTOR_KIND,
    label: config.label,
    name,
    location: 'local',
    capabilities: COMMAND_CAPABILITIES,
    availability: () =>
      'unavailable' in options ? { ok: false, reason: options.unavailable } : { ok: true },
    expectedCostUsd: (_task, history) => expectedCommandCost(config, history),
    create: () => {
      if ('unavailable' in options)
        throw new Error(`${config.label} cannot run here: ${options.unavailable}`);
      return new CommandExecutor({ ...options, name });
    },
  };
}

import { join } from 'node:path';
import type { ExecutorAvailability } from '../../domain/index.js';
import { errorMessage } from '../../util/errors.js';
import { LazyExecutor } from '../lazy.js';
import type { ExecutorModule } from '../module.js';
import { CONFIG_PATH, parseCommandConfig } from './config.js';
import { COMMAND_CAPABILITIES, commandDescriptor } from './descriptor.js';
import { COMMAND_EXECUTOR_KIND, CommandExecutor, type CommandExecutorOptions } from './executor.js';
import { probeCommandExecutor } from './probe.js';

/**
 * The `command` executor plugin, configured by the config file's `executors.command` block. Its
 * executors are built once the checkout is safe and the sandbox started; when the sandbox cannot
 * start, it stays listed, unavailable, with the reason (other executors may still run).
 */
export const commandExecutorModule: ExecutorModule = {
  kind: COMMAND_EXECUTOR_KIND,
  label: 'Command agent',
  capabilities: COMMAND_CAPABILITIES,
  needsSafeCheckout: true,
  status: {
    id: 'command',
    name: 'Command Executor',
    alwaysRequired: false,
    alwaysShown: false,
    probe: probeCommandExecutor,
  },
  async start(services) {
    if (services.block === undefined || services.block === null) {
      return { ok: false, reason: `no ${CONFIG_PATH} block in the config file` };
    }
    const parsed = parseCommandConfig(services.block);
    if (!parsed.ok) return parsed;
    const { config } = parsed;
    let available: ExecutorAvailability = { ok: true };
    let ready: Promise<CommandExecutorOptions> | undefined;
    const options = () => {
      ready ??= (async () => ({
        config,
        sandbox: await services.sandbox(),
        github: services.github,
        gitAuth: await services.gitAuth(),
        worktreeRoot: join(services.scratch, 'cyrus-worktrees'),
        // The agent gets none of the job's credentials: its own key comes through `env`, by name.
        secrets: services.secrets(),
        clock: services.clock,
        logger: services.logger,
      }))();
      return ready;
    };
    const descriptor = commandDescriptor(
      config,
      () => new LazyExecutor(async () => new CommandExecutor(await options())),
      () => available,
    );
    return {
      ok: true,
      descriptor,
      prepare: async () => {
        try {
          await options();
        } catch (error) {
          const reason = `it could not get ready on this runner: ${errorMessage(error)}`;
          available = { ok: false, reason };
          services.logger.warning(`${config.label}: ${reason}`);
        }
      },
    };
  },
};

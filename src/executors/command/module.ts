import { join } from 'node:path';
import { errorMessage } from '../../util/errors.js';
import type { ExecutorModule } from '../module.js';
import { CONFIG_PATH, parseCommandConfig } from './config.js';
import { commandExecutorDescriptor } from './descriptor.js';
import { COMMAND_EXECUTOR_KIND } from './executor.js';

/** The `command` executor plugin: configured by the config file's `executors.command` block. */
export const commandExecutorModule: ExecutorModule = {
  kind: COMMAND_EXECUTOR_KIND,
  needsSafeCheckout: true,
  async start(services) {
    if (services.block === undefined || services.block === null) {
      return { ok: false, reason: `no ${CONFIG_PATH} block in the config file` };
    }
    const parsed = parseCommandConfig(services.block);
    if (!parsed.ok) return parsed;
    const { config } = parsed;
    let sandbox: Awaited<ReturnType<typeof services.sandbox>>;
    try {
      sandbox = await services.sandbox();
    } catch (error) {
      const unavailable = `the sandbox for untrusted code is not available on this runner: ${errorMessage(error)}`;
      services.logger.warning(`${config.label}: ${unavailable}`);
      return { ok: true, descriptor: commandExecutorDescriptor({ config, unavailable }) };
    }
    const descriptor = commandExecutorDescriptor({
      config,
      sandbox,
      github: services.github,
      gitAuth: await services.gitAuth(),
      worktreeRoot: join(services.scratch, 'cyrus-worktrees'),
      secrets: services.secrets(),
      clock: services.clock,
      logger: services.logger,
    });
    return { ok: true, descriptor };
  },
};

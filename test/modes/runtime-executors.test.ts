import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigFile, resolveConfig } from '../../src/config/index.js';
import type { ExecutorCapabilities, TaskExecutor } from '../../src/domain/index.js';
import type { ExecutorModule, ExecutorServices } from '../../src/executors/index.js';
import { LocalDirectoryStore } from '../../src/ledger/index.js';
import { Runtime } from '../../src/modes/runtime.js';
import { UserError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { testClock } from '../helpers/fixed-time.js';

const ON_RUNNER: ExecutorCapabilities = {
  needsRunner: true,
  detaches: false,
  honoursCostCap: false,
  resumesWithEvidence: false,
  tracing: false,
  mcpServers: false,
};

/** A plugin that records what the runtime handed it and when it was prepared and closed. */
function testPlugin(kind: string, answer: 'starts' | 'refuses', log: string[]): ExecutorModule {
  return {
    kind,
    label: `Plugin ${kind}`,
    capabilities: ON_RUNNER,
    needsSafeCheckout: false,
    async start(services: ExecutorServices) {
      log.push(`${kind}: start, block ${JSON.stringify(services.block)}`);
      if (answer === 'refuses') return { ok: false, reason: `${kind} needs a key` };
      return {
        ok: true,
        descriptor: {
          name: kind,
          label: `Plugin ${kind}`,
          capabilities: ON_RUNNER,
          availability: () => ({ ok: true }),
          expectedCostUsd: () => 0.1,
          create: (): TaskExecutor => {
            throw new Error('no task runs in this test');
          },
        },
        prepare: async () => {
          log.push(`${kind}: prepare`);
        },
        close: () => log.push(`${kind}: close`),
      };
    },
  };
}

function runtimeWith(executors: Record<string, unknown>, modules: readonly ExecutorModule[]): Runtime {
  const clock = testClock();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'cyrus-runtime-'));
  return new Runtime({
    credentials: {
      githubToken: 'ghs_test',
      githubApiUrl: 'http://127.0.0.1:9',
      serverUrl: 'http://127.0.0.1:9',
      linearApiUrl: 'http://127.0.0.1:9',
      codegenApiUrl: 'http://127.0.0.1:9',
      claude: {},
    },
    config: resolveConfig(ConfigFile.parse({ executors }), {}, { hasCodegenToken: false }),
    repository: { owner: 'acme', repo: 'widgets' },
    workspace: scratch,
    scratch,
    clock,
    logger: new MemoryLogger(),
    ledgerStore: new LocalDirectoryStore(path.join(scratch, 'ledger'), clock),
    executorModules: modules,
  });
}

describe('the runtime starts the executor modules it is given', () => {
  it('registers those that start, keeps why the others cannot, prepares and closes them', async () => {
    const log: string[] = [];
    const runtime = runtimeWith({ alpha: { speed: 2 } }, [
      testPlugin('alpha', 'starts', log),
      testPlugin('beta', 'refuses', log),
    ]);
    const registry = await runtime.executors();
    expect(registry.names()).toEqual(['alpha']);
    expect(registry.unavailable()).toEqual([
      {
        identity: { name: 'beta', label: 'Plugin beta', capabilities: ON_RUNNER },
        reason: 'beta needs a key',
      },
    ]);
    expect(await runtime.executors()).toBe(registry);
    await runtime.prepareExecution();
    runtime.close();
    expect(log).toEqual([
      'alpha: start, block {"speed":2}',
      'beta: start, block undefined',
      'alpha: prepare',
      'alpha: close',
    ]);
  });

  it('a block for an executor this build does not have is an error naming the near one', async () => {
    const runtime = runtimeWith({ alhpa: {} }, [testPlugin('alpha', 'starts', [])]);
    await expect(runtime.executors()).rejects.toThrow(UserError);
    await expect(runtimeWith({ alhpa: {} }, [testPlugin('alpha', 'starts', [])]).executors()).rejects.toThrow(
      "The config file's executors.alhpa names no executor of this build (did you mean executors.alpha?); known: alpha.",
    );
  });

  it('a block its executor refuses is an error with the executor’s reason, not a quiet fallback', async () => {
    const runtime = runtimeWith({ beta: { key: 'x' } }, [testPlugin('beta', 'refuses', [])]);
    await expect(runtime.executors()).rejects.toThrow(
      "The config file's executors.beta block cannot be used: beta needs a key",
    );
  });

  it('the real command module refuses an invalid block by its field', async () => {
    const { EXECUTOR_MODULES } = await import('../../src/executors/index.js');
    const runtime = runtimeWith(
      { command: { command: ['codex', '{promt}'], costPerRunUsd: 0 } },
      EXECUTOR_MODULES,
    );
    await expect(runtime.executors()).rejects.toThrow(
      /executors\.command\.command\[1\]: unknown placeholder \{promt\}/,
    );
  });
});

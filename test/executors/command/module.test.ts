import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseConfigText, resolveConfig } from '../../../src/config/index.js';
import type { Task } from '../../../src/domain/index.js';
import { commandEnvironment, commandExecutorModule } from '../../../src/executors/command/index.js';
import type { ExecutorServices } from '../../../src/executors/module.js';
import { GitAuth } from '../../../src/git/index.js';
import { SandboxUnavailableError } from '../../../src/sandbox/index.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import { tempDirs } from '../../git/helpers/repos.js';
import { TEST_EPOCH, testClock } from '../../helpers/fixed-time.js';
import { testSandbox } from '../../helpers/sandbox.js';
import { NO_SANDBOX } from '../../helpers/sandbox-gate.js';
import { CODEGEN_TOKEN, context, GH_TOKEN, LINEAR_KEY, type Repo, setupRepo } from '../local/fixture.js';
import { AGENT_KEY, agentBlock } from './fixture.js';

const dirs = tempDirs();
let repo: Repo | undefined;
afterEach(async () => {
  await repo?.gh.close();
  repo = undefined;
});
afterAll(() => dirs.cleanup());

/** The services the runtime hands a module, from a config file as a user writes it. */
function services(configText: string, overrides: Partial<ExecutorServices> = {}): ExecutorServices {
  const config = resolveConfig(parseConfigText(configText, 'cyrus.json'), {}, { hasCodegenToken: false });
  return {
    config,
    block: config.executors.command,
    credentials: {
      githubToken: GH_TOKEN,
      githubApiUrl: 'http://127.0.0.1:9',
      serverUrl: 'http://127.0.0.1:9',
      linearApiKey: LINEAR_KEY,
      linearApiUrl: 'http://127.0.0.1:9',
      codegenApiToken: CODEGEN_TOKEN,
      codegenApiUrl: 'http://127.0.0.1:9',
      claude: { anthropicApiKey: 'sk-ant-job-key-0123456789' },
    },
    repository: { owner: 'acme', repo: 'widgets' },
    github: repo?.gateway ?? ({} as ExecutorServices['github']),
    scratch: dirs.make('scratch'),
    clock: testClock(),
    logger: new MemoryLogger(),
    sandbox: () => testSandbox(),
    gitAuth: async () => GitAuth.none(),
    claude: () => Promise.reject(new Error('a command executor never asks for claude')),
    secrets: () => [GH_TOKEN, LINEAR_KEY, CODEGEN_TOKEN],
    baseBranchFile: () => Promise.reject(new Error('a command executor reads no base-branch file')),
    ...overrides,
  };
}

const task: Task = {
  id: 't1',
  title: 'x',
  kind: 'implementation',
  prompt: 'x',
  files: [],
  acceptance: [],
  dependsOn: [],
  requiresIsolation: false,
  size: 'm',
};

describe('commandExecutorModule', () => {
  it('says why when the config file has no executors.command block', async () => {
    expect(commandExecutorModule).toMatchObject({
      kind: 'command',
      label: 'Command agent',
      needsSafeCheckout: true,
      capabilities: { needsRunner: true, detaches: false, resumesWithEvidence: false },
    });
    expect(await commandExecutorModule.start(services('{}'))).toEqual({
      ok: false,
      reason: 'no executors.command block in the config file',
    });
  });

  it('names the bad field of the block', async () => {
    const started = await commandExecutorModule.start(
      services(JSON.stringify({ executors: { command: { command: ['aider'], costPerRunUsd: -1 } } })),
    );
    expect(started.ok).toBe(false);
    expect(!started.ok && started.reason).toContain('executors.command.costPerRunUsd');
  });

  it('lists the executor as unavailable, with the reason, when the sandbox cannot start', async () => {
    const started = await commandExecutorModule.start(
      services(JSON.stringify({ executors: { command: agentBlock('edit') } }), {
        sandbox: () => Promise.reject(new SandboxUnavailableError('bubblewrap is not installed', [])),
      }),
    );
    if (!started.ok) throw new Error(started.reason);
    // Nothing is started until the job prepares execution; then it says why it cannot take work.
    expect(started.descriptor.availability()).toEqual({ ok: true });
    await started.prepare?.();
    expect(started.descriptor.availability()).toEqual({
      ok: false,
      reason: expect.stringContaining('it could not get ready on this runner: bubblewrap is not installed'),
    });
  });

  it.skipIf(NO_SANDBOX)('describes itself from its block: capabilities, label, expected cost', async () => {
    const block = { ...agentBlock('edit'), costPerMinuteUsd: 0.02, timeoutMinutes: 20 };
    const started = await commandExecutorModule.start(
      services(JSON.stringify({ executors: { command: block } })),
    );
    if (!started.ok) throw new Error(started.reason);
    const { descriptor } = started;
    expect(descriptor).toMatchObject({ name: 'command', label: 'Scripted agent' });
    expect(descriptor.capabilities).toEqual({
      needsRunner: true,
      detaches: false,
      honoursCostCap: false,
      resumesWithEvidence: false,
      tracing: false,
      mcpServers: false,
    });
    await started.prepare?.();
    expect(descriptor.availability()).toEqual({ ok: true });
    // $0.25 a run + $0.02/min × half the 20-minute timeout; with history, its average.
    expect(descriptor.expectedCostUsd(task, { runs: 0, successes: 0 })).toBe(0.45);
    expect(descriptor.expectedCostUsd(task, { runs: 4, successes: 3, averageCostUsd: 0.31 })).toBe(0.31);
  });

  it.skipIf(NO_SANDBOX)(
    'its descriptor creates an executor that does the task with the job’s services',
    async () => {
      repo = await setupRepo(dirs);
      const started = await commandExecutorModule.start(
        services(JSON.stringify({ executors: { command: agentBlock('edit') } })),
      );
      if (!started.ok) throw new Error(started.reason);
      const result = await started.descriptor
        .create()
        .execute('greet', context(repo, { deadline: TEST_EPOCH + 600_000 }));
      expect(result.failure).toBeUndefined();
      expect(result.pullRequest?.headBranch).toBe('cyrus/eng-42-t1');
      expect(repo.gh.state.pullRequests('acme', 'widgets')).toHaveLength(1);
    },
  );
});

describe('commandEnvironment', () => {
  it('passes the allow-list and the named variables, and nothing that carries a job secret', () => {
    const env = commandEnvironment(
      {
        PATH: '/usr/bin',
        LANG: 'C.UTF-8',
        OPENAI_API_KEY: AGENT_KEY,
        GITHUB_TOKEN: GH_TOKEN,
        ANTHROPIC_BASE_URL: 'http://127.0.0.1:1',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        HTTPS_PROXY: `http://x:${GH_TOKEN}@proxy.invalid`,
        LEAKY: `token=${LINEAR_KEY}`,
        GIT_CONFIG_COUNT: '1',
      },
      ['OPENAI_API_KEY', 'LEAKY', 'NOT_SET'],
      [GH_TOKEN, LINEAR_KEY],
      '/agent-home',
    );
    expect(env).toMatchObject({
      PATH: '/usr/bin',
      LANG: 'C.UTF-8',
      OPENAI_API_KEY: AGENT_KEY,
      HOME: '/agent-home',
    });
    for (const name of [
      'GITHUB_TOKEN',
      'ANTHROPIC_BASE_URL',
      'CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC',
      'HTTPS_PROXY',
      'LEAKY',
      'GIT_CONFIG_COUNT',
      'DISABLE_AUTOUPDATER',
      'NOT_SET',
    ]) {
      expect(env).not.toHaveProperty(name);
    }
  });
});

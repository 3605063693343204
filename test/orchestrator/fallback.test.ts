import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Plan } from '../../src/domain/index.js';
import { localExecutorDescriptor } from '../../src/executors/local/index.js';
import { GitAuth } from '../../src/git/index.js';
import { GH_TOKEN, type Repo, runnerEnv, setupRepo } from '../executors/local/fixture.js';
import { type TempDirs, tempDirs } from '../git/helpers/repos.js';
import { testClock } from '../helpers/fixed-time.js';
import { testSandbox } from '../helpers/sandbox.js';
import { NO_SANDBOX } from '../helpers/sandbox-gate.js';
import {
  type AnthropicStandIn,
  CLAUDE_INSTALL_TIMEOUT_MS,
  callTool,
  installClaudeForTests,
  makeClaudeHome,
  say,
  startAnthropicStandIn,
  TEST_ANTHROPIC_KEY,
} from '../standins/anthropic/index.js';
import { type CodegenStandIn, startCodegenStandIn } from '../standins/codegen/index.js';
import { AUTH_PLAN, ISSUE, makeJob, newLocation } from './harness.js';

let dirs: TempDirs;
let repo: Repo;
let codegen: CodegenStandIn;
let anthropic: AnthropicStandIn;
let claude: string;
let worktreeRoot: string;

beforeAll(async () => {
  claude = await installClaudeForTests();
  dirs = tempDirs();
  repo = await setupRepo(dirs);
  worktreeRoot = dirs.make('worktrees');
  // The org's run quota is used up: every create answers 402.
  codegen = await startCodegenStandIn({ repos: ['acme/widgets'], runQuota: 0 });
  anthropic = await startAnthropicStandIn({
    script: (request) =>
      request.toolResults.length > 0
        ? say('Added the endpoint.')
        : callTool('Write', {
            file_path: path.join(worktreeRoot, 'cyrus-wt-cyrus-eng-9-api-a2', 'src/auth/api.ts'),
            content: 'export const login = () => "session";\n',
          }),
  });
}, CLAUDE_INSTALL_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all([codegen?.close(), anthropic?.close(), repo?.gh.close()]);
  dirs?.cleanup();
});

describe.skipIf(NO_SANDBOX)('fallback from the cloud to the runner', () => {
  it('re-runs a task locally once when Codegen refuses it (402 quota), and records the fallback', async () => {
    const env = runnerEnv(anthropic.url, await makeClaudeHome());
    // One clock for the job and its local executor: deadlines are set on one and checked on the other.
    const clock = testClock();
    const sandbox = await testSandbox();
    const job = makeJob({
      clock,
      codegen,
      github: repo.gh,
      githubToken: GH_TOKEN,
      store: 'dir',
      location: newLocation('dir'),
      settings: { workingDirectory: repo.workspace },
      register: (registry, gateway) =>
        registry.register(
          localExecutorDescriptor({
            sandbox,
            github: gateway,
            claude: {
              binary: claude,
              credentials: { anthropicApiKey: TEST_ANTHROPIC_KEY },
              sourceEnv: env,
              allowedTools: ['Read', 'Write', 'Edit'],
            },
            gitAuth: GitAuth.fromToken(GH_TOKEN, repo.gh.url),
            worktreeRoot,
            secrets: [GH_TOKEN],
            clock,
          }),
        ),
    });
    await job.ledger.claimIssue(ISSUE, job.settings.runId);
    const plan = Plan.parse({ summary: 'login', tasks: [AUTH_PLAN.tasks[0]] });
    const record = await job.orchestrator.run({ issue: ISSUE, plan, strategyName: 'cloud-only' });
    job.monitor.close();

    const task = record.tasks.api;
    expect(task?.state).toBe('succeeded');
    expect(task?.attempts.map((a) => [a.executor, a.status, a.failure?.kind, a.fallbackFrom])).toEqual([
      ['codegen', 'failed', 'quota_exhausted', undefined],
      ['claude-code', 'succeeded', undefined, 'codegen'],
    ]);
    expect(task?.branch).toBe('cyrus/eng-9-api-a2');
    expect(task?.pullRequest?.headBranch).toBe('cyrus/eng-9-api-a2');
    expect(job.logger.text()).toMatch(
      /Fallback: task api: Codegen could not run it \(quota_exhausted: .*\); falling back to local execution/,
    );
    // The quota error was not retried against Codegen.
    expect(codegen.stats.byRoute.create).toBe(1);
  }, 120_000);
});

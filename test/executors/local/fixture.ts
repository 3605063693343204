import { chmodSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutionContext, ProgressEvent } from '../../../src/domain/index.js';
import { ClaudeCodeExecutor, type LocalExecutorOptions } from '../../../src/executors/local/index.js';
import { GitAuth } from '../../../src/git/index.js';
import { createGitHubClient, OctokitGitHubGateway } from '../../../src/github/index.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import { checkoutLikeActions, makeOrigin, type TempDirs } from '../../git/helpers/repos.js';
import { testSandbox } from '../../helpers/sandbox.js';
import { TEST_ANTHROPIC_KEY } from '../../standins/anthropic/index.js';
import { type GitHubStandIn, startGitHubStandIn } from '../../standins/github/index.js';

export const GH_TOKEN = 'ghs_localExecutorTestToken0123456789';
export const LINEAR_KEY = 'lin_api_localExecutorTestKey0123456789';
export const CODEGEN_TOKEN = 'cg_localExecutorTestToken0123456789';

/** A runner's environment full of secrets the agent must never see. */
export function runnerEnv(anthropicUrl: string, claudeHome: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: claudeHome,
    ANTHROPIC_BASE_URL: anthropicUrl,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    GITHUB_TOKEN: GH_TOKEN,
    'INPUT_GITHUB-TOKEN': GH_TOKEN,
    INPUT_GITHUB_TOKEN: GH_TOKEN,
    'INPUT_LINEAR-API-KEY': LINEAR_KEY,
    LINEAR_API_KEY: LINEAR_KEY,
    'INPUT_CODEGEN-API-TOKEN': CODEGEN_TOKEN,
    CODEGEN_API_TOKEN: CODEGEN_TOKEN,
    'INPUT_ANTHROPIC-API-KEY': TEST_ANTHROPIC_KEY,
    ACTIONS_RUNTIME_TOKEN: 'actions-runtime-secret-0123456789',
    // An allowed name whose value carries the GitHub token: only the value check catches it.
    HTTPS_PROXY: `http://x-access-token:${GH_TOKEN}@proxy.invalid:3128`,
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.extraheader',
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${GH_TOKEN}`).toString('base64')}`,
  };
}

/** Every form of every secret the tests plant, except the Anthropic key. */
export const FORBIDDEN = [
  GH_TOKEN,
  Buffer.from(`x-access-token:${GH_TOKEN}`).toString('base64'),
  LINEAR_KEY,
  CODEGEN_TOKEN,
  'actions-runtime-secret-0123456789',
];

export interface Repo {
  gh: GitHubStandIn;
  /** The checkout (actions/checkout layout, token persisted in .git/config). */
  workspace: string;
  /** The bare repository behind the stand-in. */
  bare: string;
  worktreeRoot: string;
  gateway: OctokitGitHubGateway;
}

export async function setupRepo(dirs: TempDirs): Promise<Repo> {
  const gh = await startGitHubStandIn({ token: GH_TOKEN });
  const bare = makeOrigin(dirs.make('origin'));
  gh.state.addRepo({ owner: 'acme', repo: 'widgets', gitDir: bare });
  const workspace = await checkoutLikeActions(
    dirs.make('ws'),
    `${gh.url}/acme/widgets.git`,
    GH_TOKEN,
    gh.url,
  );
  const gateway = new OctokitGitHubGateway(
    createGitHubClient({ token: GH_TOKEN, baseUrl: gh.url, timeoutMs: 10_000 }),
    {
      owner: 'acme',
      repo: 'widgets',
    },
  );
  return { gh, workspace, bare, worktreeRoot: dirs.make('worktrees'), gateway };
}

export function context(repo: Repo, overrides: Partial<ExecutionContext> = {}): ExecutionContext {
  const task = {
    id: 't1',
    title: 'Add the greeting module',
    kind: 'implementation' as const,
    prompt: 'Create greeting.ts exporting greet(name).',
    files: ['greeting.ts'],
    acceptance: ['greet("Ada") returns "Hello, Ada"'],
    dependsOn: [],
    requiresIsolation: false,
    size: 's' as const,
  };
  return {
    issue: { identifier: 'ENG-42', title: 'Greet people', url: 'https://linear.app/acme/issue/ENG-42' },
    task,
    attempt: 1,
    ledgerKey: 'ENG-42/t1/1',
    repository: { owner: 'acme', repo: 'widgets' },
    baseBranch: 'main',
    branch: 'cyrus/eng-42-t1',
    workingDirectory: repo.workspace,
    deadline: Date.now() + 120_000,
    ...overrides,
  };
}

export async function makeExecutor(
  repo: Repo,
  claude: { binary: string; sourceEnv: NodeJS.ProcessEnv; allowedTools?: string[]; maxTurns?: number },
  extra: Partial<LocalExecutorOptions> = {},
): Promise<{ executor: ClaudeCodeExecutor; logger: MemoryLogger }> {
  const logger = new MemoryLogger();
  const sandbox = await testSandbox();
  const executor = new ClaudeCodeExecutor({
    sandbox,
    github: repo.gateway,
    gitAuth: GitAuth.none(),
    worktreeRoot: repo.worktreeRoot,
    secrets: [GH_TOKEN, LINEAR_KEY, CODEGEN_TOKEN],
    logger,
    claude: {
      binary: claude.binary,
      credentials: { anthropicApiKey: TEST_ANTHROPIC_KEY },
      sourceEnv: claude.sourceEnv,
      allowedTools: claude.allowedTools ?? ['Read', 'Write', 'Edit', 'Bash'],
      maxTurns: claude.maxTurns ?? 10,
    },
    ...extra,
  });
  return { executor, logger };
}

/**
 * A `claude-path` wrapper that records the environment it really got, then runs the real CLI.
 * `dumpFile` is relative to the agent's directory: whatever lands there is committed and pushed,
 * which is how a test sees what the sandboxed process saw.
 */
export function envDumpingWrapper(dir: string, realBinary: string, dumpFile: string): string {
  const wrapper = join(dir, 'claude-wrapper.sh');
  writeFileSync(wrapper, `#!/bin/sh\nenv > '${dumpFile}'\nexec '${realBinary}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  return wrapper;
}

export function collect(): { events: ProgressEvent[]; onProgress: (e: ProgressEvent) => void } {
  const events: ProgressEvent[] = [];
  return { events, onProgress: (e) => events.push(e) };
}

/** What a run left in the worktree root; the agent's HOME stays on purpose (a follow-up resumes there). */
export function leftoverWorktrees(repo: Repo): string[] {
  return readdirSync(repo.worktreeRoot).filter((name) => !name.startsWith('cyrus-home-'));
}

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createGitHubClient } from '../../src/github/index.js';
import { GitHubBranchStore, Ledger } from '../../src/ledger/index.js';
import { systemClock } from '../../src/util/clock.js';
import { GH_TOKEN } from '../executors/local/fixture.js';
import { checkoutLikeActions, makeOrigin, type TempDirs, tempDirs } from '../git/helpers/repos.js';
import { type BundleOptions, type BundleRun, runBundle } from '../helpers/run-bundle.js';
import {
  type AnthropicStandIn,
  callTool,
  installClaudeForTests,
  makeClaudeHome,
  say,
  startAnthropicStandIn,
  structuredOutput,
  TEST_ANTHROPIC_KEY,
} from '../standins/anthropic/index.js';
import { openPullRequestOnFinish } from '../standins/codegen/github-app.js';
import { type CodegenStandIn, lifecycle, startCodegenStandIn } from '../standins/codegen/index.js';
import type { RunView, ScriptFor } from '../standins/codegen/script.js';
import {
  type GitHubStandIn,
  type GitHubStandInOptions,
  startGitHubStandIn,
} from '../standins/github/index.js';
import { type LinearStandIn, startLinearStandIn, TEST_API_KEY } from '../standins/linear/index.js';

export const OWNER = 'acme';
export const REPO = 'widgets';

/** One large implementation task (Codegen's, under cloud-only). */
export const ONE_CLOUD_TASK = {
  summary: 'One task',
  tasks: [
    {
      id: 'api',
      title: 'Greeting API',
      kind: 'implementation',
      prompt: 'Add GET /greet.',
      files: ['src/greet.ts'],
      acceptance: ['GET /greet answers'],
      dependsOn: [],
      requiresIsolation: false,
      size: 'l',
    },
  ],
};

/** A plan the scripted planner answers: a large task for Codegen, a small docs task for Claude Code. */
export const TWO_TASK_PLAN = {
  summary: 'Add a greeting API and document it',
  tasks: [
    {
      id: 'api',
      title: 'Greeting API',
      kind: 'implementation',
      prompt: 'Add GET /greet.',
      files: ['src/greet.ts'],
      acceptance: ['GET /greet answers'],
      dependsOn: [],
      requiresIsolation: false,
      size: 'l',
    },
    {
      id: 'docs',
      title: 'Document greeting',
      kind: 'docs',
      prompt: 'Write docs/greeting.md.',
      files: ['docs/greeting.md'],
      acceptance: ['the doc exists'],
      dependsOn: [],
      requiresIsolation: false,
      size: 's',
    },
  ],
};

/**
 * Everything a run touches, on loopback: GitHub (a real git repository behind it, with CI on every
 * PR), Codegen (runs that push a branch and open a PR), Linear, and the Messages API answering the
 * real `claude` CLI as planner (`plan`) and as agent (it writes one file in its worktree).
 */
export interface World {
  github: GitHubStandIn;
  codegen: CodegenStandIn;
  /** Absent when Linear's published schema is not beside the clone (the stand-in validates against it). */
  linear: LinearStandIn | undefined;
  anthropic: AnthropicStandIn;
  claude: string;
  workspace: string;
  runnerTemp: string;
  dirs: TempDirs;
  /** What the planner answers; change it per test. */
  plan: unknown;
  /** A file the planner is made to Read before it answers (to see what an agent could read). */
  plannerReads: string | undefined;
  ledger(): Ledger;
  /** Runs dist/index.js on an event with the world's credentials and endpoints (overridable). */
  action(options: BundleOptions & { linear?: boolean }): Promise<BundleRun>;
  close(): Promise<void>;
}

export interface WorldOptions {
  runMs?: number;
  linear?: boolean;
  /** What Codegen's GitHub App does when a run finishes; default: opens the PR against the default branch. */
  codegenFinish?: (github: GitHubStandIn) => NonNullable<Parameters<typeof lifecycle>[0]['onFinish']>;
  /** The Codegen org's repositories (default just acme/widgets); the first is its default one. */
  codegenRepos?: string[];
  /** Codegen's runs, whole (default: a lifecycle that ends with `codegenFinish`). */
  codegenScript?: (github: GitHubStandIn) => ScriptFor;
  /** The branch and title Codegen's agent picks itself (default: the ones the prompt asks for). */
  agentNames?: { branch: (run: RunView) => string; title: (run: RunView) => string };
  /** GitHub behind paths, as an Enterprise Server: e.g. the API at `/api/v3`, the server at `/ghes`. */
  github?: Pick<GitHubStandInOptions, 'apiPrefix' | 'serverPrefix'>;
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const claude = await installClaudeForTests();
  const dirs = tempDirs();
  const runnerTemp = dirs.make('runner-temp');
  mkdirSync(runnerTemp, { recursive: true });
  const github = await startGitHubStandIn({ token: GH_TOKEN, ...options.github });
  github.state.addRepo({ owner: OWNER, repo: REPO, gitDir: makeOrigin(dirs.make('origin')) });
  github.state.ci = { conclusion: () => 'success' };
  const workspace = await checkoutLikeActions(
    dirs.make('ws'),
    `${github.serverUrl}/${OWNER}/${REPO}.git`,
    GH_TOKEN,
    github.serverUrl,
  );
  const codegen = await startCodegenStandIn({
    repos: options.codegenRepos ?? [`${OWNER}/${REPO}`],
    script:
      options.codegenScript?.(github) ??
      (() =>
        lifecycle({
          durationMs: options.runMs ?? 2_000,
          queuedMs: 500,
          onFinish:
            options.codegenFinish?.(github) ??
            openPullRequestOnFinish(github.state, { owner: OWNER, repo: REPO, ...options.agentNames }),
        })),
  });
  const linear = options.linear === false ? undefined : await startLinearStandIn();
  const world: World = {
    github,
    codegen,
    linear,
    anthropic: undefined as unknown as AnthropicStandIn,
    claude,
    workspace,
    runnerTemp,
    dirs,
    plan: TWO_TASK_PLAN,
    plannerReads: undefined,
    ledger: () =>
      new Ledger(
        new GitHubBranchStore(
          createGitHubClient({
            token: GH_TOKEN,
            baseUrl: github.apiUrl,
            throttleId: `world-${Math.random()}`,
          }),
          { owner: OWNER, repo: REPO },
          'cyrus-state',
        ),
        systemClock,
      ),
    action: async (run) => {
      const home = await makeClaudeHome();
      return runBundle({
        ...run,
        inputs: {
          'github-token': GH_TOKEN,
          ...(run.linear === false || !linear
            ? {}
            : { 'linear-api-key': TEST_API_KEY, 'linear-api-url': linear.url }),
          'codegen-api-token': 'cg_test_token',
          'codegen-org-id': '42',
          'codegen-api-url': codegen.url,
          'anthropic-api-key': TEST_ANTHROPIC_KEY,
          'claude-path': claude,
          ...run.inputs,
        },
        env: {
          GITHUB_API_URL: github.apiUrl,
          GITHUB_SERVER_URL: github.serverUrl,
          GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
          GITHUB_WORKSPACE: workspace,
          RUNNER_TEMP: runnerTemp,
          HOME: home,
          ANTHROPIC_BASE_URL: world.anthropic.url,
          CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
          ...run.env,
        },
        timeoutMs: run.timeoutMs ?? 150_000,
      });
    },
    close: async () => {
      await Promise.all([github.close(), codegen.close(), linear?.close(), world.anthropic.close()]);
      dirs.cleanup();
    },
  };
  world.anthropic = await startAnthropicStandIn({
    script: (request) => {
      if (request.toolNames.includes('StructuredOutput')) {
        const probe = world.plannerReads;
        return probe && request.toolResults.length === 0
          ? callTool('Read', { file_path: probe })
          : structuredOutput(world.plan);
      }
      if (request.toolResults.length > 0) return say('Done: wrote the file.');
      // The task prompt names its exact branch; the action's worktree for it is derived from that.
      const branch = /cyrus\/[a-z0-9-]+/.exec(request.userText)?.[0] ?? 'unknown';
      const worktree = path.join(runnerTemp, 'cyrus-worktrees', `cyrus-wt-${branch.replace(/\//g, '-')}`);
      return callTool('Write', {
        file_path: path.join(worktree, 'docs', `${branch.split('/')[1]}.md`),
        content: '# Notes\n\nWritten by the agent.\n',
      });
    },
  });
  return world;
}

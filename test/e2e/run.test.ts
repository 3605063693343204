import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../src/github/index.js';
import { GitHubBranchStore, Ledger } from '../../src/ledger/index.js';
import { systemClock } from '../../src/util/clock.js';
import { GH_TOKEN } from '../executors/local/fixture.js';
import { labeledIssue } from '../fixtures/webhooks.js';
import { checkoutLikeActions, makeOrigin, type TempDirs, tempDirs } from '../git/helpers/repos.js';
import { runBundle } from '../helpers/run-bundle.js';
import {
  type AnthropicStandIn,
  CLAUDE_INSTALL_TIMEOUT_MS,
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
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';
import { type LinearStandIn, startLinearStandIn, TEST_API_KEY } from '../standins/linear/index.js';

/** The plan the scripted planner answers: a large task for Codegen, a small docs task for Claude Code. */
const PLAN = {
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

let dirs: TempDirs;
let github: GitHubStandIn;
let codegen: CodegenStandIn;
let linear: LinearStandIn;
let anthropic: AnthropicStandIn;
let claude: string;
let workspace: string;
let runnerTemp: string;

beforeAll(async () => {
  claude = await installClaudeForTests();
  dirs = tempDirs();
  runnerTemp = dirs.make('runner-temp');
  github = await startGitHubStandIn({ token: GH_TOKEN });
  github.state.addRepo({ owner: 'acme', repo: 'widgets', gitDir: makeOrigin(dirs.make('origin')) });
  github.state.ci = { conclusion: () => 'success' };
  workspace = await checkoutLikeActions(
    dirs.make('ws'),
    `${github.url}/acme/widgets.git`,
    GH_TOKEN,
    github.url,
  );
  codegen = await startCodegenStandIn({
    repos: ['acme/widgets'],
    script: () =>
      lifecycle({
        durationMs: 2_000,
        queuedMs: 500,
        onFinish: openPullRequestOnFinish(github.state, { owner: 'acme', repo: 'widgets' }),
      }),
  });
  linear = await startLinearStandIn();
  anthropic = await startAnthropicStandIn({
    script: (request) => {
      if (request.toolNames.includes('StructuredOutput')) return structuredOutput(PLAN);
      if (request.toolResults.length > 0) return say('Wrote the greeting doc.');
      const worktree = path.join(runnerTemp, 'cyrus-worktrees', 'cyrus-wt-cyrus-eng-1-docs');
      return callTool('Write', {
        file_path: path.join(worktree, 'docs/greeting.md'),
        content: '# Greeting\n\nGET /greet says hello.\n',
      });
    },
  });
}, CLAUDE_INSTALL_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all([github?.close(), codegen?.close(), linear?.close(), anthropic?.close()]);
});

describe('mode run through dist/index.js, end to end against all four stand-ins', () => {
  it('turns a labelled, Linear-synced issue into PRs from both executors and one tracking comment', async () => {
    const payload = labeledIssue('cyrus', 'linear[bot]', 'Bot') as {
      issue: { html_url: string; number: number };
    };
    const team = linear.world.addTeam('ENG');
    const issue = linear.world.addIssue({
      team,
      title: 'Greeting',
      description: 'Add a greeting API and document it.',
      githubUrl: payload.issue.html_url,
    });
    mkdirSync(runnerTemp, { recursive: true });

    const run = await runBundle({
      eventName: 'issues',
      payload,
      inputs: {
        'github-token': GH_TOKEN,
        'linear-api-key': TEST_API_KEY,
        'linear-api-url': `${linear.url}/graphql`,
        'codegen-api-token': 'cg_test_token',
        'codegen-org-id': '42',
        'codegen-api-url': codegen.url,
        'anthropic-api-key': TEST_ANTHROPIC_KEY,
        'claude-path': claude,
        strategy: 'hybrid-smart',
      },
      env: {
        GITHUB_API_URL: github.url,
        GITHUB_SERVER_URL: github.url,
        GITHUB_REPOSITORY: 'acme/widgets',
        GITHUB_WORKSPACE: workspace,
        RUNNER_TEMP: runnerTemp,
        HOME: await makeClaudeHome(),
        ANTHROPIC_BASE_URL: anthropic.url,
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      },
      timeoutMs: 100_000,
    });
    expect(run.code, `${run.stdout.slice(-6000)}\n${run.stderr.slice(-2000)}`).toBe(0);
    expect(run.outputs.status).toBe('success');
    expect(run.outputs['linear-issue']).toBe(issue.identifier);
    expect(JSON.parse(run.outputs.plan ?? '{}').tasks.map((t: { id: string }) => t.id)).toEqual([
      'api',
      'docs',
    ]);
    const prs = JSON.parse(run.outputs['pull-requests'] ?? '[]') as string[];
    expect(prs).toHaveLength(2);
    expect(run.stdout).toMatch(/Task api → codegen \(attempt 1\): hybrid-smart sends large tasks to Codegen/);
    expect(run.stdout).toMatch(/Task docs → claude-code \(attempt 1\): hybrid-smart keeps small tasks local/);

    // Both PRs exist on GitHub, on branches that carry the Linear identifier.
    const heads = github.state
      .pullRequests('acme', 'widgets')
      .map((p) => p.head.ref)
      .sort();
    expect(heads).toEqual(['cyrus/eng-1-api', 'cyrus/eng-1-docs']);

    // Each PR was validated: its CI awaited, then the Cyrus validation check run posted as passed.
    for (const pr of github.state.pullRequests('acme', 'widgets')) {
      const own = github.state
        .checkRuns('acme', 'widgets', pr.head.sha)
        .filter((r) => r.name === 'Cyrus validation');
      expect(own.map((r) => [r.status, r.conclusion])).toEqual([['completed', 'success']]);
    }

    // One tracking comment, updated in place, with both PRs; the issue moved to in review.
    const comments = linear.world.commentsOn(issue.id);
    expect(comments).toHaveLength(1);
    for (const url of prs) expect(comments[0]?.body).toContain(url);
    expect(linear.world.stateOf(issue).name).toBe('In Review');
    expect(linear.invalidQueries).toEqual([]);
    expect(linear.stats.requests).toBeLessThanOrEqual(8);

    // The job summary shows the plan, and the ledger remembers everything.
    expect(run.summary).toContain('```mermaid');
    const ledger = new Ledger(
      new GitHubBranchStore(
        createGitHubClient({ token: GH_TOKEN, baseUrl: github.url }),
        { owner: 'acme', repo: 'widgets' },
        'cyrus-state',
      ),
      systemClock,
    );
    const record = await ledger.readIssue(issue.identifier);
    expect(record?.status).toBe('succeeded');
    expect(Object.values(record?.tasks ?? {}).map((t) => [t.id, t.executor, t.state])).toEqual([
      ['api', 'codegen', 'succeeded'],
      ['docs', 'claude-code', 'succeeded'],
    ]);

    // A re-delivered label event dispatches nothing new.
    const creates = codegen.stats.byRoute.create;
    const again = await runBundle({
      eventName: 'issues',
      payload,
      inputs: {
        'github-token': GH_TOKEN,
        'linear-api-key': TEST_API_KEY,
        'linear-api-url': `${linear.url}/graphql`,
        'codegen-api-token': 'cg_test_token',
        'codegen-org-id': '42',
        'codegen-api-url': codegen.url,
      },
      env: {
        GITHUB_API_URL: github.url,
        GITHUB_SERVER_URL: github.url,
        GITHUB_REPOSITORY: 'acme/widgets',
        GITHUB_WORKSPACE: workspace,
        RUNNER_TEMP: runnerTemp,
      },
    });
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs.status).toBe('success');
    expect(again.stdout).toContain('was already worked on by run');
    expect(codegen.stats.byRoute.create).toBe(creates);
  }, 240_000);
});

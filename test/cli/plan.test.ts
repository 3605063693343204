import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger, LocalDirectoryStore } from '../../src/ledger/index.js';
import { OWNER, REPO, startWorld, type World } from '../e2e/world.js';
import { GH_TOKEN } from '../executors/local/fixture.js';
import { testClock } from '../helpers/fixed-time.js';
import {
  CLAUDE_INSTALL_TIMEOUT_MS,
  makeClaudeHome,
  TEST_ANTHROPIC_KEY,
} from '../standins/anthropic/index.js';
import { CLI_BUILD_TIMEOUT_MS, cliBundle, runCli } from './helpers/cli.js';
import { runCliAt } from './helpers/in-process.js';

let world: World;
beforeAll(async () => {
  cliBundle();
  world = await startWorld();
}, CLAUDE_INSTALL_TIMEOUT_MS + CLI_BUILD_TIMEOUT_MS);
afterAll(() => world?.close());

async function cli(args: string[]) {
  return runCli(args, {
    cwd: world.workspace,
    timeoutMs: 120_000,
    env: await worldEnv(),
  });
}

/** A user's environment pointed at the world's stand-ins. */
async function worldEnv(): Promise<Record<string, string>> {
  return {
    GITHUB_TOKEN: GH_TOKEN,
    GITHUB_API_URL: world.github.url,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    CODEGEN_API_TOKEN: 'cg_test_token',
    CODEGEN_ORG_ID: '42',
    CODEGEN_API_URL: world.codegen.url,
    ANTHROPIC_API_KEY: TEST_ANTHROPIC_KEY,
    ANTHROPIC_BASE_URL: world.anthropic.url,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    CLAUDE_PATH: world.claude,
    HOME: await makeClaudeHome(),
  };
}

/** The runner's own variables: what the CLI once faked to call the action. */
const runnerVariables = (env: NodeJS.ProcessEnv) =>
  Object.fromEntries(Object.entries(env).filter(([name]) => /^(INPUT_|GITHUB_|RUNNER_)/.test(name)));

describe('cyrus plan / run (the action driven from a terminal)', () => {
  it('plan --dry-run prints the DAG, the executor per task and the cost estimate, and writes nothing', async () => {
    const issue = world.github.state.addIssue(OWNER, REPO, {
      title: 'Greeting',
      body: 'Add a greeting API and document it.',
      labels: [],
    });
    const before = world.github.requests.length;
    const run = await cli(['plan', String(issue.number), '--dry-run', '--strategy', 'hybrid-smart']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Plan: Add a greeting API and document it');
    expect(run.stdout).toMatch(/api \[implementation, l\]: Greeting API\n\s+→ codegen ~\$0\.50 \(estimate\)/);
    expect(run.stdout).toMatch(/docs \[docs, s\]: Document greeting\n\s+→ claude-code ~\$0\.25 \(estimate\)/);
    expect(run.stdout).toContain('Estimated cost: ~$0.75');
    const writes = world.github.requests.slice(before).filter((r) => r.method !== 'GET');
    expect(writes).toEqual([]);
    expect(world.codegen.stats.byRoute.create).toBe(0);
  }, 180_000);

  it('plan --json gives the plan, the matrix and the estimates as data', async () => {
    const issue = world.github.state.addIssue(OWNER, REPO, {
      title: 'Greeting again',
      body: 'Same.',
      labels: [],
    });
    const run = await cli(['plan', String(issue.number), '--dry-run', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const data = JSON.parse(run.stdout) as {
      status: string;
      matrix: { include: { task: string }[] };
      estimates: Record<string, { executor: string }>;
    };
    expect(data.status).toBe('success');
    expect(data.matrix.include.map((m) => m.task)).toEqual(['api', 'docs']);
    expect(Object.keys(data.estimates)).toEqual(['api', 'docs']);
  }, 180_000);

  it('plan starts the typed job in process and sets no INPUT_/GITHUB_/RUNNER_ variable', async () => {
    const issue = world.github.state.addIssue(OWNER, REPO, {
      title: 'In process',
      body: 'Same.',
      labels: [],
    });
    const before = runnerVariables(process.env);
    // Info lines (the trigger's) reach stderr only with CYRUS_DEBUG.
    const env = { ...(await worldEnv()), CYRUS_DEBUG: '1' };
    const args = ['plan', String(issue.number), '--dry-run', '--strategy', 'hybrid-smart'];
    const run = await runCliAt(testClock(), args, { cwd: world.workspace, env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/docs \[docs, s\]: Document greeting\n\s+→ claude-code ~\$0\.25 \(estimate\)/);
    expect(run.stdout).toContain('Status: success (strategy hybrid-smart)');
    // The job says it came from the terminal, not from a made-up workflow_dispatch event.
    expect(run.stderr).toContain('Trigger: cyrus plan → mode plan');
    expect(runnerVariables(process.env)).toEqual(before);
  }, 180_000);

  it('plan --ledger-dir records the plan there, claimed by a run of the terminal, and writes nothing to GitHub', async () => {
    const issue = world.github.state.addIssue(OWNER, REPO, { title: 'Recorded', body: 'Same.', labels: [] });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cli-ledger-'));
    const before = world.github.requests.length;
    const clock = testClock();
    const args = ['plan', String(issue.number), '--ledger-dir', dir, '--json'];
    const run = await runCliAt(clock, args, { cwd: world.workspace, env: await worldEnv() });
    expect(run.code, run.stderr).toBe(0);
    const record = await new Ledger(new LocalDirectoryStore(dir, clock), clock).readIssue(`#${issue.number}`);
    expect(record?.claimedBy.runId).toMatch(/^cli-\d+$/);
    expect(record?.plan?.tasks.map((t) => t.id)).toEqual(['api', 'docs']);
    expect(world.github.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
  }, 180_000);

  it('a bad endpoint in the environment fails before any request, naming the variable', async () => {
    const before = world.github.requests.length;
    const env = { ...(await worldEnv()), LINEAR_API_URL: 'ftp://linear.example' };
    const run = await runCliAt(testClock(), ['plan', '1', '--dry-run'], { cwd: world.workspace, env });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Status: failure');
    expect(run.stderr).toContain('✗ The job cannot start: some settings are invalid.');
    expect(run.stderr).toContain('  - LINEAR_API_URL: expected an http(s) URL');
    expect(world.github.requests.length).toBe(before);
  });

  it('a missing issue argument is a usage error (exit 2)', async () => {
    const run = await cli(['run']);
    expect(run.code).toBe(2);
  });
});

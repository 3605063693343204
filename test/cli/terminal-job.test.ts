import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER, REPO, startWorld, type World } from '../e2e/world.js';
import { GH_TOKEN } from '../executors/local/fixture.js';
import { testClock } from '../helpers/fixed-time.js';
import {
  CLAUDE_INSTALL_TIMEOUT_MS,
  makeClaudeHome,
  TEST_ANTHROPIC_KEY,
} from '../standins/anthropic/index.js';
import { runCliAt } from './helpers/in-process.js';

const CLI_SOURCES = fileURLToPath(new URL('../../src/cli/', import.meta.url));

/** The runner's own variables: what the CLI once faked to call the action. */
const runnerVariables = (env: NodeJS.ProcessEnv) =>
  Object.fromEntries(Object.entries(env).filter(([name]) => /^(INPUT_|GITHUB_|RUNNER_)/.test(name)));

describe('cyrus plan / run start the typed job, not the action', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  }, CLAUDE_INSTALL_TIMEOUT_MS);
  afterAll(() => world?.close());

  it('plan --dry-run plans from typed settings and sets no INPUT_/GITHUB_/RUNNER_ variable', async () => {
    const issue = world.github.state.addIssue(OWNER, REPO, {
      title: 'Greeting',
      body: 'Add it.',
      labels: [],
    });
    const before = runnerVariables(process.env);
    const run = await runCliAt(
      testClock(),
      ['plan', String(issue.number), '--dry-run', '--strategy', 'hybrid-smart'],
      {
        cwd: world.workspace,
        env: {
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
          // Info lines (the trigger's) reach stderr only with it.
          CYRUS_DEBUG: '1',
        },
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Plan: Add a greeting API and document it');
    expect(run.stdout).toMatch(/docs \[docs, s\]: Document greeting\n\s+→ claude-code ~\$0\.25 \(estimate\)/);
    expect(run.stdout).toContain('Status: success (strategy hybrid-smart)');
    // The job says it came from the terminal, not from a made-up workflow_dispatch event.
    expect(run.stderr).toContain('Trigger: cyrus plan → mode plan');
    expect(runnerVariables(process.env)).toEqual(before);
  }, 180_000);
});

describe('src/cli builds no action inputs', () => {
  const files = readdirSync(CLI_SOURCES, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'));

  it.each(files)('%s has no INPUT_ literal and does not call the action', (file) => {
    const text = readFileSync(path.join(CLI_SOURCES, file), 'utf8');
    expect(text).not.toMatch(/INPUT_/);
    expect(text).not.toMatch(/from '\.\.\/action\//);
  });
});

import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PINNED_CLAUDE_VERSION } from '../../src/claude/index.js';
import {
  CLAUDE_INSTALL_TIMEOUT_MS,
  installClaudeForTests,
  TEST_ANTHROPIC_KEY,
} from '../standins/anthropic/index.js';
import { type CodegenStandIn, startCodegenStandIn } from '../standins/codegen/index.js';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';
import { type LinearStandIn, startLinearStandIn, TEST_API_KEY } from '../standins/linear/index.js';
import { CLI_BUILD_TIMEOUT_MS, cliBundle, runCli, tempDir } from './helpers/cli.js';

describe('cyrus status against the stand-ins', () => {
  let gh: GitHubStandIn;
  let linear: LinearStandIn;
  let codegen: CodegenStandIn;
  let claude: string;
  let repoDir: string;

  beforeAll(
    async () => {
      cliBundle();
      claude = await installClaudeForTests();
      [gh, linear, codegen] = await Promise.all([
        startGitHubStandIn(),
        startLinearStandIn(),
        startCodegenStandIn({ repos: ['acme/widgets', 'acme/api'] }),
      ]);
      gh.state.addRepo({ owner: 'acme', repo: 'widgets' });
      gh.state.addRepo({ owner: 'acme', repo: 'other' });
      repoDir = checkout('codegen:\n  orgId: 42\n  strategy: hybrid-smart # chosen by the team\n');
    },
    Math.max(CLI_BUILD_TIMEOUT_MS, CLAUDE_INSTALL_TIMEOUT_MS),
  );

  afterAll(async () => {
    await Promise.all([gh?.close(), linear?.close(), codegen?.close()]);
  });

  function checkout(config?: string): string {
    const dir = tempDir('cyrus-status-');
    if (config !== undefined) {
      mkdirSync(path.join(dir, '.github'), { recursive: true });
      writeFileSync(path.join(dir, '.github', 'cyrus.yml'), config);
    }
    return dir;
  }

  function env(overrides: Record<string, string | undefined> = {}): Record<string, string> {
    const all: Record<string, string | undefined> = {
      GITHUB_TOKEN: 'ghs_test',
      GITHUB_API_URL: gh.url,
      GITHUB_REPOSITORY: 'acme/widgets',
      LINEAR_API_KEY: TEST_API_KEY,
      LINEAR_API_URL: linear.url,
      CODEGEN_API_TOKEN: 'cg_test_token',
      CODEGEN_API_URL: codegen.url,
      ANTHROPIC_API_KEY: TEST_ANTHROPIC_KEY,
      CLAUDE_PATH: claude,
      ...overrides,
    };
    return Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined));
  }

  it('everything ready: the SPEC lines, exit 0, and each service was really asked', async () => {
    const meBefore = codegen.stats.byRoute.me;
    const reposBefore = codegen.stats.byRoute.repos;
    const viewerBefore = linear.requests.filter((r) => r.rootFields.includes('viewer')).length;
    const run = await runCli(['status'], { cwd: repoDir, env: env() });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines).toContain('✅ Config: .github/cyrus.yml');
    expect(lines).toContain('✅ GitHub: acme/widgets');
    expect(lines).toContain('✅ Linear: Cyrus Bot (Acme)');
    expect(lines).toContain('✅ Local Executor: Ready');
    expect(lines).toContain('✅ Cloud Executor (Codegen): Ready');
    expect(lines).toContain('📊 Strategy: hybrid-smart');
    expect(run.stdout).toContain(`Claude Code ${PINNED_CLAUDE_VERSION} (the pinned version)`);
    expect(run.stdout).toContain('org 42 as @cyrus-dev; 2 repositories, acme/widgets among them');
    expect(run.stdout).toContain('ledger branch cyrus-state not created yet');
    expect(run.stdout).toContain('not the Actions token (5,000 requests an hour)');
    expect(codegen.stats.byRoute.me).toBe(meBefore + 1);
    expect(codegen.stats.byRoute.repos).toBeGreaterThan(reposBefore);
    expect(linear.requests.filter((r) => r.rootFields.includes('viewer')).length).toBe(viewerBefore + 1);
    expect(linear.invalidQueries).toEqual([]);
  });

  it('the workflow’s GITHUB_TOKEN: ready to push, and says it starts no CI and what to use instead', async () => {
    gh.state.addToken('ghs_actionsTokenForStatus00000000', 'github-actions[bot]');
    const run = await runCli(['status'], {
      cwd: repoDir,
      env: env({ GITHUB_TOKEN: 'ghs_actionsTokenForStatus00000000' }),
    });
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain('✅ GitHub: acme/widgets');
    expect(run.stdout).toMatch(
      /this is GitHub Actions' own GITHUB_TOKEN \(1,000 requests an hour\): its PRs and pushes start no CI/,
    );
    expect(run.stdout).toContain('actions/create-github-app-token');
  });

  it('--json gives every check with its status and whether it is required', async () => {
    const run = await runCli(['status', '--json'], { cwd: repoDir, env: env() });
    expect(run.code).toBe(0);
    const data = JSON.parse(run.stdout) as {
      ready: boolean;
      strategy: { name: string };
      checks: { id: string; status: string; required: boolean }[];
    };
    expect(data.ready).toBe(true);
    expect(data.strategy.name).toBe('hybrid-smart');
    expect(data.checks.map((c) => [c.id, c.status, c.required])).toEqual([
      ['config', 'ok', true],
      ['github', 'ok', true],
      ['linear', 'ok', true],
      ['local', 'ok', true],
      ['cloud', 'ok', true],
    ]);
  });

  it('a command executor in the config gets its own line: ready only with its program and its variables', async () => {
    const agent = path.resolve('test/fixtures/agents/scripted-agent.mjs');
    const dir = checkout(
      [
        'codegen:',
        '  orgId: 42',
        'executors:',
        '  command:',
        '    label: Scripted agent',
        `    command: [node, ${JSON.stringify(agent)}, "{prompt}"]`,
        '    env: [AGENT_KEY]',
        '    costPerRunUsd: 0.05',
        '',
      ].join('\n'),
    );
    const ready = await runCli(['status'], {
      cwd: dir,
      env: { ...env({ AGENT_KEY: 'agent-own-key' }), PATH: process.env.PATH ?? '' },
    });
    expect(ready.code, ready.stdout).toBe(0);
    expect(ready.stdout).toMatch(/^✅ Command Executor: Ready$/m);
    expect(ready.stdout).toMatch(/Scripted agent: \/.*\/node; \$0\.05 a run/);
    const lines = ready.stdout.split('\n');
    expect(lines.indexOf('✅ Command Executor: Ready')).toBeGreaterThan(
      lines.indexOf('✅ Local Executor: Ready'),
    );

    const noKey = await runCli(['status'], { cwd: dir, env: { ...env(), PATH: process.env.PATH ?? '' } });
    expect(noKey.code).toBe(1);
    expect(noKey.stdout).toContain('❌ Command Executor: Scripted agent: AGENT_KEY is not set');
    expect(noKey.stderr).toContain('Not ready: Command Executor');

    const missing = checkout(
      'executors:\n  command:\n    command: [no-such-agent-cli]\n    costPerRunUsd: 0\n',
    );
    const absent = await runCli(['status'], {
      cwd: missing,
      env: { ...env(), PATH: process.env.PATH ?? '' },
    });
    expect(absent.code).toBe(1);
    expect(absent.stdout).toContain('❌ Command Executor: Command agent: no-such-agent-cli is not on PATH');

    const invalid = checkout(
      'executors:\n  command:\n    command: [codex, "{promt}"]\n    costPerRunUsd: 0\n',
    );
    const refused = await runCli(['status'], { cwd: invalid, env: env() });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('executors.command.command[1]: unknown placeholder {promt}');
  });

  it('a token Codegen refuses: ❌ with the reason, exit 1, the rest still checked', async () => {
    const run = await runCli(['status'], { cwd: repoDir, env: env({ CODEGEN_API_TOKEN: 'cg_wrong' }) });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^❌ Cloud Executor \(Codegen\): Codegen rejected the credentials \(HTTP 403/m,
    );
    expect(run.stdout).toContain('✅ Local Executor: Ready');
    expect(run.stderr).toContain('Not ready: Cloud Executor (Codegen)');
    expect(run.stdout).not.toContain('cg_wrong');
  });

  it('a repository Codegen does not have: ❌ naming it and the connected ones', async () => {
    const run = await runCli(['status'], { cwd: repoDir, env: env({ GITHUB_REPOSITORY: 'acme/other' }) });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '❌ Cloud Executor (Codegen): acme/other is not connected to Codegen org 42',
    );
    expect(run.stdout).toContain('connected: acme/widgets, acme/api');
  });

  it('a claude that is not the pinned version: the local executor is not ready', async () => {
    const bin = tempDir('fake-claude-');
    const fake = path.join(bin, 'claude');
    writeFileSync(fake, '#!/bin/sh\necho "1.0.0 (Claude Code)"\n');
    chmodSync(fake, 0o755);
    const run = await runCli(['status'], { cwd: repoDir, env: env({ CLAUDE_PATH: fake }) });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `❌ Local Executor: claude at ${fake} is 1.0.0; this action is built and tested with ${PINNED_CLAUDE_VERSION}`,
    );
    expect(run.stdout).toContain(`npm install -g @anthropic-ai/claude-code@${PINNED_CLAUDE_VERSION}`);
  });

  it('no Anthropic credential: the local executor is not ready, and says which variables', async () => {
    const run = await runCli(['status'], { cwd: repoDir, env: env({ ANTHROPIC_API_KEY: undefined }) });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('❌ Local Executor: no Anthropic credential');
  });

  it('local-only without Codegen: the cloud is not configured and not required, exit 0', async () => {
    const dir = checkout('codegen:\n  strategy: local-only\n');
    const run = await runCli(['status'], {
      cwd: dir,
      env: env({ CODEGEN_API_TOKEN: undefined, LINEAR_API_KEY: undefined }),
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('➖ Cloud Executor (Codegen): Not configured');
    expect(run.stdout).toContain('➖ Linear: Not configured');
    expect(run.stdout).toContain('📊 Strategy: local-only');
  });

  it('a GitHub that does not answer: ❌ after the timeout, not a hang', async () => {
    gh.faults.hang(5, { path: /^\/repos\/acme\/widgets$/ });
    // A hang would be killed by runCli's own limit (code null); the answer names the 1 s timeout.
    const run = await runCli(['status', '--timeout', '1'], { cwd: repoDir, env: env() });
    gh.faults.reset();
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^❌ GitHub: .*did not answer within 1s/m);
  });

  it('an invalid config: ❌ with every bad key path, and the strategy cannot be told', async () => {
    const dir = checkout('codegen:\n  strategy: fastest\n  maxCostPerTask: -1\n');
    const run = await runCli(['status'], { cwd: dir, env: env() });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^❌ Config: .*codegen\.strategy: expected one of/m);
    expect(run.stdout).toContain('codegen.maxCostPerTask: expected a number ≥ 0, found -1');
    expect(run.stdout).toContain('📊 Strategy: unknown');
  });

  it('a Linear key Linear refuses, and no GitHub token: both ❌ with what to set', async () => {
    const run = await runCli(['status'], {
      cwd: repoDir,
      env: env({ LINEAR_API_KEY: 'lin_api_wrong_key_000000', GITHUB_TOKEN: undefined }),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^❌ Linear: /m);
    expect(run.stdout).toContain('❌ GitHub: GITHUB_TOKEN is not set');
  });
});

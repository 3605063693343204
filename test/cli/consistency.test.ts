import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { starterConfigYaml } from '../../src/cli/init-templates.js';
import { forTerminal } from '../../src/cli/terminal-wording.js';
import { CodegenClient } from '../../src/codegen/index.js';
import { LINEAR_MESSAGES } from '../../src/linear/errors.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { plural } from '../../src/util/plural.js';
import {
  CLAUDE_INSTALL_TIMEOUT_MS,
  installClaudeForTests,
  TEST_ANTHROPIC_KEY,
} from '../standins/anthropic/index.js';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';
import { CLI_BUILD_TIMEOUT_MS, cliBundle, runCli, tempDir } from './helpers/cli.js';

/** The CLI never contradicts itself: each case is one of issue #10's points, run on the built command. */
function repoWith(config: string, file = '.github/cyrus.yml'): string {
  const dir = tempDir('cyrus-consistency-');
  mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
  writeFileSync(path.join(dir, file), config);
  return dir;
}
const read = (dir: string) => readFileSync(path.join(dir, '.github', 'cyrus.yml'), 'utf8');

const BUDGETS = 'codegen:\n  maxCostPerTask: 1.0\n  maxCostPerDay: 5.0\n';

describe('cyrus CLI consistency', () => {
  let gh: GitHubStandIn;
  let claude: string;

  beforeAll(
    async () => {
      cliBundle();
      claude = await installClaudeForTests();
      gh = await startGitHubStandIn();
      gh.state.addRepo({ owner: 'acme', repo: 'widgets' });
    },
    Math.max(CLI_BUILD_TIMEOUT_MS, CLAUDE_INSTALL_TIMEOUT_MS),
  );
  afterAll(async () => {
    await gh?.close();
  });

  const readyEnv = (extra: Record<string, string> = {}) => ({
    GITHUB_TOKEN: 'ghs_test',
    GITHUB_API_URL: gh.url,
    GITHUB_REPOSITORY: 'acme/widgets',
    ANTHROPIC_API_KEY: TEST_ANTHROPIC_KEY,
    CLAUDE_PATH: claude,
    ...extra,
  });

  it('status, cost-optimized without Codegen: one verdict, ready, the reason on the Codegen line', async () => {
    const dir = repoWith('codegen:\n  strategy: cost-optimized\n');
    const run = await runCli(['status'], { cwd: dir, env: readyEnv() });
    expect(run.stdout).toContain('➖ Cloud Executor (Codegen): Not configured');
    expect(run.stdout).toContain('strategy cost-optimized runs every task locally without it');
    expect(run.stderr).not.toContain('Not ready');
    expect(run.code).toBe(0);
  });

  it('status: local-only never requires Codegen; a cloud strategy without it is one ❌ and the verdict names it', async () => {
    const dir = repoWith('codegen:\n  strategy: local-only\n');
    const run = await runCli(['status', '--json'], { cwd: dir, env: readyEnv() });
    const cloud = (
      JSON.parse(run.stdout) as { checks: { id: string; status: string; required: boolean }[] }
    ).checks.find((c) => c.id === 'cloud');
    expect(cloud).toMatchObject({ status: 'skipped', required: false });
    // A cloud strategy refused by the config shows as the config's ❌, and the verdict names it.
    const cloudOnly = await runCli(['status'], {
      cwd: repoWith('codegen:\n  strategy: cloud-only\n'),
      env: readyEnv(),
    });
    expect(cloudOnly.code).toBe(1);
    expect(cloudOnly.stdout).toMatch(/^❌ Config: Strategy "cloud-only" needs Codegen/m);
    expect(cloudOnly.stderr).toContain('Not ready: Config');
  });

  it('config validate warns about a strategy that cannot run with what is configured', async () => {
    const hybrid = await runCli(['config', 'validate'], {
      cwd: repoWith('codegen:\n  strategy: hybrid-smart\n'),
    });
    expect(hybrid.code).toBe(0);
    expect(hybrid.stdout).toContain('is valid');
    expect(hybrid.stderr).toContain(
      'warning: codegen.strategy hybrid-smart chooses between Claude Code and Codegen, but codegen.orgId is not set: every task will run locally',
    );
    const cloud = await runCli(['config', 'validate'], {
      cwd: repoWith('codegen:\n  strategy: cloud-only\n'),
    });
    expect(cloud.stderr).toContain('warning: Strategy "cloud-only" needs Codegen, but no org id');
    const fine = await runCli(['config', 'validate'], {
      cwd: repoWith('codegen:\n  orgId: 42\n  strategy: cost-optimized\n'),
    });
    expect(fine.stderr).toBe('');
  });

  it('config set with a negative budget: one reason, said once, no knock-on error, exit 2', async () => {
    const dir = repoWith(BUDGETS);
    const run = await runCli(['config', 'set', 'codegen.maxCostPerDay', '-5'], { cwd: dir });
    expect(run.code).toBe(2);
    const problems = run.stderr.split('\n').filter((l) => l.startsWith('  - '));
    expect(problems).toEqual(['  - codegen.maxCostPerDay: expected a number ≥ 0, found -5 (number)']);
    expect(run.stderr.match(/found/g)).toHaveLength(1);
    expect(read(dir)).toBe(BUDGETS);
  });

  it('config set refused by another setting (daily below per-task) exits 2 like every schema refusal', async () => {
    const dir = repoWith(BUDGETS);
    const run = await runCli(['config', 'set', 'codegen.maxCostPerDay', '0.5'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '  - codegen.maxCostPerTask: must not be above codegen.maxCostPerDay (0.5), found 1 (number)',
    );
    expect(read(dir)).toBe(BUDGETS);
  });

  it('plan --strategy nope is a usage error before anything else is checked', async () => {
    // No repository, no token: those would be exit 1; the bad flag comes first.
    const run = await runCli(['plan', '1', '--strategy', 'nope'], { cwd: tempDir('cyrus-plan-') });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cyrus: --strategy "nope" is not a strategy (one of local-only, cloud-only');
    expect(run.stderr).not.toContain('Which repository');
    const typo = await runCli(['run', 'ENG-1', '--strategy', 'local-onyl'], { cwd: tempDir('cyrus-plan-') });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('did you mean "local-only"?');
  });

  it('config set puts a new key where its commented example stands (the starter config)', async () => {
    const starter = starterConfigYaml({
      label: 'cyrus',
      cron: '*/30 * * * *',
      timeoutMinutes: 90,
      actionRef: 'cyrus/codegen-action@v1',
      configFile: '.github/cyrus.yml',
      defaultConfigFile: true,
      githubToken: 'app',
      ciWorkflows: [],
    });
    expect(starter).toContain('  # strategy: hybrid-smart   # default:');
    const dir = repoWith(starter);
    const run = await runCli(['config', 'set', 'codegen.strategy', 'cost-optimized'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(read(dir)).toBe(
      starter.replace('  # strategy: hybrid-smart   # default:', '  strategy: cost-optimized # default:'),
    );
    const org = await runCli(['config', 'set', 'codegen.orgId', '42'], { cwd: dir });
    expect(org.code).toBe(0);
    expect(read(dir)).toContain('  # enabled: true        # `cyrus codegen setup`');
    expect(read(dir)).toMatch(/^ {2}orgId: 42\n {2}strategy: cost-optimized/m);
  });

  it('config get prints a section as YAML for a YAML file, as JSON for a JSON one', async () => {
    const yaml = await runCli(['config', 'get', 'codegen'], { cwd: repoWith(BUDGETS) });
    expect([yaml.code, yaml.stdout]).toEqual([0, 'maxCostPerTask: 1\nmaxCostPerDay: 5\n']);
    const json = await runCli(['config', 'get', 'codegen'], {
      cwd: repoWith('{"codegen": {"maxCostPerDay": 5}}\n', '.github/cyrus.json'),
    });
    expect(json.stdout).toBe('{\n  "maxCostPerDay": 5\n}\n');
  });

  it('workflow wording on a terminal: no job to re-run, variables instead of inputs', async () => {
    // Linear on a closed port: the message the action writes for a run, as the terminal shows it.
    const run = await runCli(['status', '--timeout', '2'], {
      cwd: repoWith('codegen:\n  strategy: local-only\n'),
      env: readyEnv({ LINEAR_API_KEY: 'lin_api_x', LINEAR_API_URL: 'http://127.0.0.1:9/graphql' }),
    });
    expect(run.stdout).toMatch(/^❌ Linear: /m);
    expect(run.stdout).not.toContain('re-run the job');
    expect(run.stdout).not.toContain('the runner');
    expect(forTerminal(LINEAR_MESSAGES.unavailable('the issue', 'ECONNREFUSED'))).toContain(
      'unreachable from this machine (check LINEAR_API_URL if you set it); try again later, nothing was lost.',
    );
    expect(forTerminal(LINEAR_MESSAGES.auth('401'))).toContain('Check LINEAR_API_KEY:');
    expect(forTerminal('Strategy "cloud-only" needs Codegen, but no token (`codegen-api-token` input)')).toBe(
      'Strategy "cloud-only" needs Codegen, but no token (CODEGEN_API_TOKEN)',
    );
  });

  it('"1 attempt", not "1 attempts"', async () => {
    const client = new CodegenClient({
      token: 'cg_x',
      orgId: 1,
      baseUrl: 'http://127.0.0.1:9',
      timeoutMs: 2000,
      retry: { maxAttempts: 1, baseMs: 1, maxMs: 1 },
      logger: new MemoryLogger(),
    });
    const error = await client.getCurrentUser().catch((e: unknown) => e);
    expect(String(error)).toMatch(/after 1 attempt \(last:/);
    expect(plural(3, 'attempt')).toBe('3 attempts');
  });
});

import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_BUILD_TIMEOUT_MS, cliBundle, runCli, tempDir } from './helpers/cli.js';

const TEAM_CONFIG = `# Team settings for codegen-action
codegen:
  orgId: 42 # our org
  strategy: hybrid-smart # chosen in March
  maxCostPerTask: 1.0
  maxCostPerDay: 50.0
  features: { parallelExecution: true }

# Who may start work
trigger:
  label: cyrus
`;

function repoWith(file: string, text: string): string {
  const dir = tempDir('cyrus-config-');
  mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
  return dir;
}

const read = (dir: string, file = '.github/cyrus.yml') => readFileSync(path.join(dir, file), 'utf8');

describe('cyrus config', () => {
  beforeAll(() => {
    cliBundle();
  }, CLI_BUILD_TIMEOUT_MS);

  it('set changes one value and keeps every comment, the key order and the layout', async () => {
    const dir = repoWith('.github/cyrus.yml', TEAM_CONFIG);
    const run = await runCli(['config', 'set', 'codegen.strategy', 'cost-optimized'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('codegen.strategy = cost-optimized (.github/cyrus.yml)');
    expect(read(dir)).toBe(TEAM_CONFIG.replace('strategy: hybrid-smart', 'strategy: cost-optimized'));

    const money = await runCli(['config', 'set', 'codegen.maxCostPerDay', '100.0'], { cwd: dir });
    expect(money.code).toBe(0);
    expect(read(dir)).toBe(
      TEAM_CONFIG.replace('strategy: hybrid-smart', 'strategy: cost-optimized').replace(
        'maxCostPerDay: 50.0',
        'maxCostPerDay: 100.0',
      ),
    );
  });

  it('set adds a key that is not there yet, inside its section', async () => {
    const dir = repoWith('.github/cyrus.yml', TEAM_CONFIG);
    const run = await runCli(['config', 'set', 'validation.command', 'npm test'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(read(dir)).toBe(`${TEAM_CONFIG}validation:\n  command: npm test\n`);
    const list = await runCli(['config', 'set', 'trigger.allowedBots', '["linear[bot]", octo-bot]'], {
      cwd: dir,
    });
    expect(list.code).toBe(0);
    expect(read(dir)).toContain('  label: cyrus\n  allowedBots:\n    - linear[bot]\n    - octo-bot\n');
  });

  it.each([
    [
      'an unknown strategy',
      ['codegen.strategy', 'fastest'],
      'codegen.strategy: expected one of "local-only"',
    ],
    [
      'a negative budget',
      ['codegen.maxCostPerDay', '-5'],
      'codegen.maxCostPerDay: expected a number ≥ 0, found -5',
    ],
    [
      'a per-task budget above the daily one',
      ['codegen.maxCostPerTask', '80'],
      'must not be above codegen.maxCostPerDay (50)',
    ],
    [
      'a word where a number belongs',
      ['planner.maxSubtasks', 'many'],
      'planner.maxSubtasks: expected a number',
    ],
    [
      'a token',
      ['claude.model', 'sk-ant-api03-abcdefghijklmnop'],
      'a token or API key must not be written in a committed file',
    ],
  ])(
    'set refuses %s with the reason, exit 2, and leaves the file byte for byte',
    async (_name, args, reason) => {
      const dir = repoWith('.github/cyrus.yml', TEAM_CONFIG);
      const before = statSync(path.join(dir, '.github/cyrus.yml')).mtimeMs;
      const run = await runCli(['config', 'set', ...args], { cwd: dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('Refused: .github/cyrus.yml was left as it was');
      expect(run.stderr).toContain(reason);
      expect(read(dir)).toBe(TEAM_CONFIG);
      expect(statSync(path.join(dir, '.github/cyrus.yml')).mtimeMs).toBe(before);
    },
  );

  it('set on a file that is already invalid elsewhere is refused with exit 1', async () => {
    const dir = repoWith('.github/cyrus.yml', 'codegen:\n  strategy: fastest\n');
    const run = await runCli(['config', 'set', 'trigger.label', 'ai'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('codegen.strategy: expected one of');
    expect(read(dir)).toBe('codegen:\n  strategy: fastest\n');
  });

  it('set creates .github/cyrus.yml when there is no config file', async () => {
    const dir = tempDir('cyrus-config-');
    const run = await runCli(['config', 'set', 'codegen.maxCostPerDay', '100.0', '--json'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      file: '.github/cyrus.yml',
      created: true,
      key: 'codegen.maxCostPerDay',
      value: 100,
      previous: null,
    });
    expect(read(dir)).toBe('codegen:\n  maxCostPerDay: 100.0\n');
  });

  it('a JSON config keeps its key order and indentation', async () => {
    const text = `${JSON.stringify({ codegen: { orgId: 42, strategy: 'hybrid-smart' }, trigger: { label: 'cyrus' } }, null, 4)}\n`;
    const dir = repoWith('.github/cyrus.json', text);
    const run = await runCli(['config', 'set', 'codegen.strategy', 'local-only'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(read(dir, '.github/cyrus.json')).toBe(text.replace('hybrid-smart', 'local-only'));
  });

  it('unset removes a key, validated like set', async () => {
    const dir = repoWith('.github/cyrus.yml', TEAM_CONFIG);
    const run = await runCli(['config', 'unset', 'codegen.maxCostPerTask'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(read(dir)).toBe(TEAM_CONFIG.replace('  maxCostPerTask: 1.0\n', ''));
  });

  it('get prints what the file sets; an unset key exits 1; --resolved gives the effective value', async () => {
    const dir = repoWith('.github/cyrus.yml', TEAM_CONFIG);
    const org = await runCli(['config', 'get', 'codegen.orgId'], { cwd: dir });
    expect([org.code, org.stdout]).toEqual([0, '42\n']);
    const section = await runCli(['config', 'get', 'trigger', '--json'], { cwd: dir });
    expect(JSON.parse(section.stdout)).toEqual({
      file: '.github/cyrus.yml',
      key: 'trigger',
      value: { label: 'cyrus' },
    });
    const unset = await runCli(['config', 'get', 'planner.maxSubtasks'], { cwd: dir });
    expect(unset.code).toBe(1);
    expect(unset.stderr).toContain('planner.maxSubtasks is not set: .github/cyrus.yml does not set it');
    const resolved = await runCli(['config', 'get', '--resolved', 'planner.maxSubtasks'], { cwd: dir });
    expect([resolved.code, resolved.stdout]).toEqual([0, '6\n']);
    const strategy = await runCli(['config', 'get', '--resolved', 'strategyReason'], { cwd: dir });
    expect(strategy.stdout.trim()).toBe('set by codegen.strategy in the config file');
  });

  it('validate: 0 for a valid file, 1 with every problem for an invalid one, JSON on request', async () => {
    const good = repoWith('.github/cyrus.yml', TEAM_CONFIG);
    const ok = await runCli(['config', 'validate'], { cwd: good });
    expect([ok.code, ok.stdout.trim()]).toEqual([0, '✅ .github/cyrus.yml is valid']);

    const bad = repoWith(
      '.github/cyrus.yml',
      'codegen:\n  strategy: fastest\n  maxCostPerTask: -1\ntriger:\n  label: x\n',
    );
    const fail = await runCli(['config', 'validate'], { cwd: bad });
    expect(fail.code).toBe(1);
    expect(fail.stdout).toContain('❌ .github/cyrus.yml is not valid (3 problems):');
    expect(fail.stdout).toContain('triger: unknown key; did you mean "trigger"?');
    const json = await runCli(['config', 'validate', '--json'], { cwd: bad });
    expect(json.code).toBe(1);
    const data = JSON.parse(json.stdout) as { valid: boolean; problems: { path: string }[] };
    expect(data.valid).toBe(false);
    expect(data.problems.map((p) => p.path).sort()).toEqual([
      'codegen.maxCostPerTask',
      'codegen.strategy',
      'triger',
    ]);

    const none = await runCli(['config', 'validate'], { cwd: tempDir() });
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('No config file: the defaults apply');
    const missing = await runCli(['config', 'validate', 'nope.yml'], { cwd: good });
    expect(missing.code).toBe(1);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_BUILD_TIMEOUT_MS, cliBundle, runCli, tempDir } from './helpers/cli.js';

const COMMANDS = [
  ['status'],
  ['stats'],
  ['config', 'get'],
  ['config', 'set'],
  ['config', 'unset'],
  ['config', 'validate'],
  ['codegen', 'setup'],
  ['init'],
];

describe('the cyrus command line: help and usage errors', () => {
  let cwd: string;
  beforeAll(() => {
    cliBundle();
    cwd = tempDir();
  }, CLI_BUILD_TIMEOUT_MS);

  it('the bundle starts with a shebang, so npx and the package bin run it as it is', async () => {
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(cliBundle(), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('--help lists every command and exits 0; no command is a usage error', async () => {
    const help = await runCli(['--help'], { cwd });
    expect(help.code).toBe(0);
    for (const command of COMMANDS) expect(help.stdout).toContain(command.join(' '));
    const none = await runCli([], { cwd });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: cyrus <command>');
  });

  it.each(COMMANDS)('%s %s --help prints its usage, options and exit codes', async (...words) => {
    const run = await runCli([...words.filter(Boolean), '--help'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: cyrus ${words.filter(Boolean).join(' ')}`);
    expect(run.stdout).toContain('--json');
    expect(run.stdout).toContain('Exit codes: 0 ok, 1 failure, 2 usage error.');
  });

  it('--version prints the package version', async () => {
    const run = await runCli(['--version'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  const bad: [string, string[], RegExp][] = [
    [
      'an unknown command, with a suggestion',
      ['statuss'],
      /unknown command "statuss"; did you mean "status"/,
    ],
    ['a group without its subcommand', ['config'], /"config" needs a subcommand/],
    ['an unknown subcommand', ['config', 'sett'], /unknown command "config sett"; did you mean "config set"/],
    [
      'an unknown option, with a suggestion',
      ['status', '--jsn'],
      /unknown option '--jsn'; did you mean '--json'/,
    ],
    ['an option without its value', ['stats', '--period'], /argument missing/],
    [
      'a period that does not exist',
      ['stats', '--period', 'year'],
      /--period must be one of day, week, month, all/,
    ],
    [
      'a timeout that is not a number',
      ['status', '--timeout', 'soon'],
      /--timeout must be a number of seconds/,
    ],
    ['an extra argument', ['status', 'now'], /unexpected argument "now"/],
    ['config set without a value', ['config', 'set', 'codegen.strategy'], /missing argument: <key> <value>/],
    [
      'config set of an unknown key',
      ['config', 'set', 'codegen.stratgy', 'x'],
      /did you mean "codegen.strategy"/,
    ],
    ['config get of an unknown section', ['config', 'get', 'codgen.orgId'], /unknown config key "codgen"/],
    ['config set below a single value', ['config', 'set', 'codegen.strategy.name', 'x'], /is a single value/],
    [
      'a --cwd that is not a directory',
      ['status', '--cwd', '/nonexistent/dir'],
      /--cwd \/nonexistent\/dir is not a directory/,
    ],
    [
      'codegen setup with a malformed org id',
      ['codegen', 'setup', '--org-id', 'acme'],
      /--org-id must be a positive whole number/,
    ],
    [
      'codegen setup with an unknown strategy',
      ['codegen', 'setup', '--strategy', 'fast'],
      /--strategy must be one of/,
    ],
    [
      'codegen setup without a token, off a terminal',
      ['codegen', 'setup', '--org-id', '42'],
      /no Codegen token/,
    ],
    ['init with a bad cron', ['init', '--cron', 'hourly'], /--cron must be a 5-field cron expression/],
    [
      'init with an out-of-range timeout',
      ['init', '--timeout-minutes', '5'],
      /--timeout-minutes must be a whole number from 20 to 360/,
    ],
    [
      'init with a workflow that is not YAML',
      ['init', '--workflow', 'ci.txt'],
      /--workflow must name a .yml/,
    ],
    ['help for a command that does not exist', ['help', 'deploy'], /no command "deploy"/],
  ];
  it.each(bad)('%s exits 2 with a usage error', async (_name, args, message) => {
    const run = await runCli(args, { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('with --json, a usage error is also a JSON document on stdout', async () => {
    const run = await runCli(['stats', '--period', 'year', '--json'], { cwd });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({ error: expect.stringContaining('--period'), usage: true });
  });
});

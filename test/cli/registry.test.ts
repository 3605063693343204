import { describe, expect, it } from 'vitest';
import { type CommandSpec, EXIT, UsageError } from '../../src/cli/command.js';
import type { CliIO } from '../../src/cli/io.js';
import { defaultRegistry, main } from '../../src/cli/main.js';

function memoryIO(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (text) => stdout.push(text),
    err: (text) => stderr.push(text),
    interactive: false,
    prompt: () => Promise.reject(new Error('no terminal')),
    close: () => {},
  };
}

/** A command registered on the same registry as the built-in ones (as plan, run and demo are). */
const sampleCommand: CommandSpec = {
  path: ['sample'],
  summary: 'plan an issue',
  args: '<issue>',
  description: 'Plans an issue.',
  options: { 'dry-run': { type: 'boolean', description: 'plan and price only' } },
  positionals: { min: 1, max: 1 },
  async run(ctx, input) {
    if (!/^[A-Z]+-\d+$/.test(input.positionals[0] ?? ''))
      throw new UsageError('issue must look like ENG-123');
    if (ctx.json)
      ctx.io.out(JSON.stringify({ issue: input.positionals[0], dryRun: input.values['dry-run'] === true }));
    return EXIT.ok;
  },
};

describe('the command registry (where plan, run and demo join)', () => {
  it('a registered command gets parsing, --help, --json and exit codes from main', async () => {
    const registry = defaultRegistry().register(sampleCommand);
    const io = memoryIO();
    expect(await main(['node', 'cyrus', 'sample', 'ENG-1', '--dry-run', '--json'], { registry, io })).toBe(0);
    expect(JSON.parse(io.stdout.join('\n'))).toEqual({ issue: 'ENG-1', dryRun: true });

    const help = memoryIO();
    expect(await main(['node', 'cyrus', 'sample', '--help'], { registry, io: help })).toBe(0);
    expect(help.stdout.join('\n')).toContain('Usage: cyrus sample <issue> [options]');
    expect(help.stdout.join('\n')).toContain('--dry-run');

    const bad = memoryIO();
    expect(await main(['node', 'cyrus', 'sample', 'nonsense'], { registry, io: bad })).toBe(2);
    expect(bad.stderr.join('\n')).toContain('issue must look like ENG-123');
    const missing = memoryIO();
    expect(await main(['node', 'cyrus', 'sample'], { registry, io: missing })).toBe(2);
    expect(missing.stderr.join('\n')).toContain('missing argument: <issue>');
  });

  it('a name can be registered once', () => {
    expect(() => defaultRegistry().register({ ...sampleCommand, path: ['status'] })).toThrow(
      'a command named "status" is already registered',
    );
  });

  it('global flags may come before the command', async () => {
    const io = memoryIO();
    const code = await main(['node', 'cyrus', '--cwd', '/', 'config', 'validate', '--json'], { io, env: {} });
    expect(code).toBe(0);
    expect(JSON.parse(io.stdout.join('\n'))).toEqual({ file: null, valid: true, problems: [] });
  });
});

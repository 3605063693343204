import type { CliIO } from '../../../src/cli/io.js';
import { main } from '../../../src/cli/main.js';
import type { Clock } from '../../../src/util/clock.js';
import type { CliRun } from './cli.js';

/**
 * The CLI's own `main` in this process, for what depends on the date: the clock is the test's
 * (the built bundle in a child process reads the real one).
 */
export async function runCliAt(
  clock: Clock,
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIO = {
    out: (text) => stdout.push(text),
    err: (text) => stderr.push(text),
    interactive: false,
    prompt: () => Promise.reject(new Error('no terminal in this test')),
    close: () => {},
  };
  const code = await main(['node', 'cyrus', ...args], {
    io,
    clock,
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: options.cwd, ...options.env },
  });
  const text = (lines: string[]) => (lines.length ? `${lines.join('\n')}\n` : '');
  return { code, stdout: text(stdout), stderr: text(stderr) };
}

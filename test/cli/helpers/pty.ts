import { spawn } from 'node:child_process';
import { cliBundle } from './cli.js';

export interface PtyStep {
  /** Wait until the transcript (after the previous step's match) matches this. */
  expect: RegExp;
  /** Then type this and Enter. */
  send: string;
}

export interface PtyRun {
  code: number | null;
  /** Everything the terminal showed, ANSI escapes removed. */
  transcript: string;
}

const ESC = String.fromCharCode(27);
/** CSI sequences (colours, cursor moves), charset switches and carriage returns. */
const ANSI = new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]|${ESC}[()][A-Z0-9]|\\r`, 'g');

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/**
 * Runs the CLI in a real pseudo-terminal (util-linux `script`), so stdin and stdout are TTYs exactly
 * as in a user's terminal, and types the answers as the prompts appear.
 */
export function runInPty(
  args: string[],
  options: { cwd: string; env: Record<string, string>; steps: PtyStep[]; timeoutMs?: number },
): Promise<PtyRun> {
  const command = [process.execPath, cliBundle(), ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-q', '-f', '-e', '-c', command, '/dev/null'], {
      cwd: options.cwd,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: options.cwd,
        SHELL: '/bin/sh',
        TERM: 'xterm',
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let raw = '';
    let from = 0;
    let step = 0;
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    const advance = () => {
      const next = options.steps[step];
      if (!next) return;
      const seen = stripAnsi(raw).slice(from);
      const match = next.expect.exec(seen);
      if (!match) return;
      from += match.index + match[0].length;
      step += 1;
      child.stdin.write(`${next.send}\r`);
      advance();
    };
    child.stdout.on('data', (chunk: Buffer) => {
      raw += chunk.toString('utf8');
      advance();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      raw += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, transcript: stripAnsi(raw) });
    });
  });
}

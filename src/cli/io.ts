import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { forTerminal } from './terminal-wording.js';

/** The terminal, as commands see it: tests drive it through a real pty or pipes. */
export interface CliIO {
  /** Writes to stdout; a newline is added. */
  out(text: string): void;
  /** Writes to stderr; a newline is added. */
  err(text: string): void;
  /** Both stdin and stdout are terminals: prompts are possible. */
  readonly interactive: boolean;
  /** Asks one question on the terminal; `secret` input is not echoed. */
  prompt(question: string, options?: { secret?: boolean }): Promise<string>;
  close(): void;
}

/** The process's own stdin/stdout/stderr; workflow wording becomes terminal wording (forTerminal). */
export function processIO(): CliIO {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  let muted = false;
  // readline echoes what is typed through its output; muting that output hides a secret.
  const echo = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      if (!muted) process.stdout.write(chunk);
      callback();
    },
  });
  let rl: ReturnType<typeof createInterface> | undefined;
  const readline = () => {
    rl ??= createInterface({ input: process.stdin, output: echo, terminal: interactive });
    return rl;
  };
  return {
    out: (text) => process.stdout.write(`${forTerminal(text)}\n`),
    err: (text) => process.stderr.write(`${forTerminal(text)}\n`),
    interactive,
    async prompt(question, options = {}) {
      // The interface first: it puts the terminal in raw mode, so nothing typed ahead is echoed.
      const rl = readline();
      if (!options.secret) return (await rl.question(question)).trim();
      process.stdout.write(question);
      muted = true;
      try {
        return (await rl.question('')).trim();
      } finally {
        muted = false;
        process.stdout.write('\n');
      }
    },
    close: () => {
      rl?.close();
      rl = undefined;
    },
  };
}

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';

/** Git's object id of a blob: what GitHub reports as a file's `sha`. */
export function blobSha(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

export interface GitRun {
  (args: string[], options?: { input?: Buffer | string; env?: Record<string, string> }): string;
  /** Like the call, but undefined when git exits non-zero (a missing ref or object). */
  maybe(args: string[]): string | undefined;
  buffer(args: string[]): Buffer;
}

/**
 * Synchronous git against one bare repository. Synchronous on purpose: a check and the write that
 * depends on it run without yielding to the event loop, so concurrent API requests cannot interleave.
 */
export function gitRunner(gitDir: string): GitRun {
  const baseEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
  const run = ((args, options) =>
    execFileSync('git', ['--git-dir', gitDir, ...args], {
      input: options?.input,
      env: { ...baseEnv, ...options?.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    })
      .toString('utf8')
      .replace(/\n$/, '')) as GitRun;
  run.maybe = (args) => {
    try {
      return run(args);
    } catch {
      return undefined;
    }
  };
  run.buffer = (args) =>
    execFileSync('git', ['--git-dir', gitDir, ...args], {
      env: baseEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  return run;
}

import { spawn } from 'node:child_process';
import type { CommandWrapper } from '../sandbox/wrap.js';
import { type Clock, systemClock } from '../util/clock.js';
import { signalProcessGroup } from '../util/process-group.js';

export interface CommandRun {
  /** Shell text, run as `bash -c <command>`. */
  command: string;
  cwd: string;
  /** The child's complete environment (`buildCommandEnv`). */
  env: Record<string, string>;
  timeoutMs: number;
  /** Output kept: the last this many bytes (failures show at the end). Default 64 KiB. */
  maxOutputBytes?: number;
  /** Between SIGTERM and SIGKILL of the process group. Default 5 s. */
  killGraceMs?: number;
  clock?: Clock;
  signal?: AbortSignal;
  /** Shell binary; `bash` on PATH by default. */
  shell?: string;
  /** Runs the shell inside the sandbox (a security rule). */
  wrap?: CommandWrapper;
}

export interface CommandResult {
  exitCode: number | null;
  exitSignal: string | null;
  timedOut: boolean;
  cancelled: boolean;
  /** stdout and stderr interleaved as they came, cut to the last `maxOutputBytes`. */
  output: string;
  /** Bytes dropped from the front of the output. */
  droppedBytes: number;
  durationMs: number;
  /** The shell could not be started at all. */
  startError?: string;
}

/** Keeps the last `limit` bytes of a stream of chunks. */
class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  dropped = 0;
  constructor(private readonly limit: number) {}
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.limit && this.chunks.length > 0) {
      const first = this.chunks[0] as Buffer;
      const excess = this.size - this.limit;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
        this.dropped += first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
        this.dropped += excess;
      }
    }
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * Runs the validate-command in its own process group with a timeout: at the deadline (or when
 * cancelled) the whole group gets SIGTERM, then SIGKILL; whatever it left behind is killed when
 * the shell exits. Never throws for a failing command: the result says what happened.
 */
export function runCommand(run: CommandRun): Promise<CommandResult> {
  const clock = run.clock ?? systemClock;
  const startedAt = clock.now();
  const output = new TailBuffer(run.maxOutputBytes ?? 64 * 1024);
  const killGraceMs = run.killGraceMs ?? 5000;
  const timers = new AbortController();

  return new Promise<CommandResult>((resolve) => {
    let timedOut = false;
    let cancelled = false;
    let startError: string | undefined;
    let exitCode: number | null = null;
    let exitSignal: string | null = null;
    let settled = false;

    const shell = run.shell ?? 'bash';
    const launch = run.wrap
      ? run.wrap(shell, ['-c', run.command])
      : { file: shell, args: ['-c', run.command] };
    const child = spawn(launch.file, launch.args, {
      cwd: run.cwd,
      env: run.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: true,
    });

    const settle = () => {
      if (settled) return;
      settled = true;
      timers.abort();
      run.signal?.removeEventListener('abort', onAbort);
      resolve({
        exitCode,
        exitSignal,
        timedOut,
        cancelled,
        output: output.text(),
        droppedBytes: output.dropped,
        durationMs: clock.now() - startedAt,
        ...(startError ? { startError } : {}),
      });
    };
    const terminate = () => {
      signalProcessGroup(child, 'SIGTERM');
      clock.sleep(killGraceMs, timers.signal).then(
        () => signalProcessGroup(child, 'SIGKILL'),
        () => {},
      );
    };
    const onAbort = () => {
      cancelled = true;
      terminate();
    };
    run.signal?.addEventListener('abort', onAbort, { once: true });
    if (run.signal?.aborted) onAbort();
    clock.sleep(Math.max(0, run.timeoutMs), timers.signal).then(
      () => {
        timedOut = true;
        terminate();
      },
      () => {},
    );

    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', (error) => {
      startError = error.message;
      settle();
    });
    child.on('exit', (code, signal) => {
      exitCode = code;
      exitSignal = signal;
      // Background processes it started go with it.
      signalProcessGroup(child, 'SIGKILL');
      // A grandchild that escaped the group could hold the pipes open forever: stop listening.
      clock.sleep(killGraceMs, timers.signal).then(
        () => {
          child.stdout?.destroy();
          child.stderr?.destroy();
          settle();
        },
        () => {},
      );
    });
    child.on('close', settle);
  });
}

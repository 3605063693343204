import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Clock } from '../../util/clock.js';
import { signalProcessGroup } from '../../util/process-group.js';

export interface AgentProcessOptions {
  /** The sandboxed command line (the wrapper's output). */
  launch: { file: string; args: string[] };
  cwd: string;
  env: Record<string, string>;
  stdin: string | null;
  /** Epoch ms at which the agent is past its own timeout: its process group is killed. */
  timeoutAt: number;
  /** The run's deadline, epoch ms (usually later than the timeout). */
  deadline: number;
  clock: Clock;
  signal: AbortSignal;
  /** Each line of its output (stdout and stderr), as it comes. */
  onLine: (line: string) => void;
  /** How long it gets to exit after SIGTERM before SIGKILL. */
  killGraceMs?: number;
}

export interface AgentProcessResult {
  exitCode: number | null;
  exitSignal: string | null;
  /** Why the action stopped it, when it did. */
  stoppedFor?: 'timeout' | 'deadline' | 'cancelled';
  /** The last bytes of its output, for the failure message. */
  outputTail: string;
  /** Set when it could not start (ENOENT, EACCES). */
  startError?: string;
  elapsedMs: number;
}

const TAIL_BYTES = 8192;

/**
 * Runs the agent once in its own process group. Every exit path ends with the group gone, so
 * whatever it started (a shell, a dev server) cannot outlive it.
 */
export function runAgentProcess(options: AgentProcessOptions): Promise<AgentProcessResult> {
  const { clock } = options;
  const startedAt = clock.now();
  const result: AgentProcessResult = { exitCode: null, exitSignal: null, outputTail: '', elapsedMs: 0 };
  if (options.signal.aborted) return Promise.resolve({ ...result, stoppedFor: 'cancelled' });
  if (startedAt >= options.deadline) return Promise.resolve({ ...result, stoppedFor: 'deadline' });
  const child = spawn(options.launch.file, options.launch.args, {
    cwd: options.cwd,
    env: options.env,
    detached: process.platform !== 'win32',
    stdio: [options.stdin === null ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    windowsHide: true,
  });
  const timers = new AbortController();
  return new Promise((resolve) => {
    const stopFor = (reason: 'timeout' | 'deadline' | 'cancelled') => {
      if (result.stoppedFor) return;
      result.stoppedFor = reason;
      signalProcessGroup(child, 'SIGTERM');
      clock.sleep(options.killGraceMs ?? 5000, timers.signal).then(
        () => signalProcessGroup(child, 'SIGKILL'),
        () => {},
      );
    };
    const until = (at: number) => clock.sleep(Math.max(0, at - clock.now()), timers.signal);
    if (options.timeoutAt <= options.deadline)
      until(options.timeoutAt).then(
        () => stopFor('timeout'),
        () => {},
      );
    else
      until(options.deadline).then(
        () => stopFor('deadline'),
        () => {},
      );
    const onAbort = () => stopFor('cancelled');
    options.signal.addEventListener('abort', onAbort, { once: true });

    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      stream.on('data', (chunk: Buffer) => {
        result.outputTail = (result.outputTail + chunk.toString('utf8')).slice(-TAIL_BYTES);
      });
      createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', options.onLine);
    }
    if (child.stdin) {
      child.stdin.on('error', () => {
        // It may exit before reading its prompt; its exit code tells the story.
      });
      child.stdin.end(options.stdin ?? '');
    }
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      timers.abort();
      options.signal.removeEventListener('abort', onAbort);
      result.elapsedMs = clock.now() - startedAt;
      resolve(result);
    };
    child.on('error', (error) => {
      result.startError = error.message;
      settle();
    });
    child.on('exit', (code, signal) => {
      result.exitCode = code;
      result.exitSignal = signal;
      // Whatever it left running in its group goes with it.
      signalProcessGroup(child, 'SIGKILL');
    });
    child.on('close', settle);
  });
}

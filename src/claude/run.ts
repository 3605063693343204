import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { CommandWrapper } from '../sandbox/wrap.js';
import { type Clock, systemClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { signalProcessGroup } from '../util/process-group.js';
import { buildClaudeArgs, type ClaudeArgsOptions } from './args.js';
import { type ClaudeRunResult, interpretRun, type RunObservation } from './outcome.js';
import { parseStreamLine, type ResultMessage, type StreamMessage } from './stream.js';

export interface ClaudeRunOptions extends ClaudeArgsOptions {
  binary: string;
  prompt: string;
  cwd: string;
  /** Absolute wall-clock deadline, epoch ms: past it the whole process group is killed. */
  deadline: number;
  /** The child's complete environment; build it with `buildClaudeEnv`. */
  env: Record<string, string>;
  clock?: Clock;
  onMessage?: (message: StreamMessage) => void;
  signal?: AbortSignal;
  logger?: Logger;
  /** Runs the CLI inside the sandbox (local agents and the reviewer: untrusted code is sandboxed); unset, it runs as is. */
  wrap?: CommandWrapper;
  /** How long the CLI gets to exit after SIGTERM, or after its result, before SIGKILL. Default 5 s. */
  killGraceMs?: number;
}

const STDERR_TAIL_BYTES = 8192;

/**
 * Runs `claude -p` once and reads its stream until the first `result`. Every exit path ends with
 * the child's process group gone, so tools it started (a shell, a dev server) cannot outlive it.
 */
export async function runClaude(options: ClaudeRunOptions): Promise<ClaudeRunResult> {
  const clock = options.clock ?? systemClock;
  const startedAt = clock.now();
  const seen: RunObservation = {
    sessionId: options.resumeSessionId ?? null,
    turnsSeen: 0,
    elapsedMs: 0,
    exitCode: null,
    exitSignal: null,
    stderrTail: '',
    limits: { maxTurns: options.maxTurns, maxBudgetUsd: options.maxBudgetUsd, deadline: options.deadline },
  };
  if (options.signal?.aborted) return interpretRun({ ...seen, stop: 'cancelled' });
  if (startedAt >= options.deadline) return interpretRun({ ...seen, stop: 'deadline' });

  const args = buildClaudeArgs(options);
  options.logger?.debug(`claude ${args.filter((a) => !a.startsWith('{')).join(' ')} (cwd ${options.cwd})`);
  const launch = options.wrap ? options.wrap(options.binary, args) : { file: options.binary, args };
  const child = spawn(launch.file, launch.args, {
    cwd: options.cwd,
    env: options.env,
    // Its own process group, so a deadline can kill everything it started at once.
    detached: process.platform !== 'win32',
    stdio: ['pipe', 'pipe', 'pipe'],
    windowsHide: true,
  });
  const killGraceMs = options.killGraceMs ?? 5000;
  const stopTimers = new AbortController();
  const assistantIds = new Set<string>();

  return new Promise<ClaudeRunResult>((resolve) => {
    let killing = false;
    const terminate = () => {
      if (killing) return;
      killing = true;
      signalProcessGroup(child, 'SIGTERM');
      clock.sleep(killGraceMs, stopTimers.signal).then(
        () => signalProcessGroup(child, 'SIGKILL'),
        () => {},
      );
    };
    const stopFor = (reason: 'deadline' | 'cancelled') => {
      if (seen.result || seen.stop) return;
      seen.stop = reason;
      options.logger?.debug(`claude: stopping (${reason})`);
      terminate();
    };
    clock.sleep(Math.max(0, options.deadline - clock.now()), stopTimers.signal).then(
      () => stopFor('deadline'),
      () => {},
    );
    const onAbort = () => stopFor('cancelled');
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const lines = createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY });
    lines.on('line', (line) => {
      if (seen.result) return;
      const parsed = parseStreamLine(line);
      if (!parsed.ok) {
        if (line.trim() !== '') options.logger?.debug(`claude: skipped a stream line: ${parsed.error}`);
        return;
      }
      const message = parsed.message;
      if ('session_id' in message && typeof message.session_id === 'string')
        seen.sessionId = message.session_id;
      if (message.type === 'assistant') {
        const id = message.message.id;
        assistantIds.add(typeof id === 'string' ? id : `#${assistantIds.size}`);
        seen.turnsSeen = assistantIds.size;
      }
      try {
        options.onMessage?.(message);
      } catch (error) {
        options.logger?.warning(`claude: a stream listener failed: ${String(error)}`);
      }
      if (message.type === 'result') {
        seen.result = message as ResultMessage;
        // Stop at the first result (later lines are drained, not read): the CLI should exit by
        // itself; if it lingers, it is killed.
        clock.sleep(killGraceMs, stopTimers.signal).then(terminate, () => {});
      }
    });

    child.stderr.on('data', (chunk: Buffer) => {
      seen.stderrTail = (seen.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    });
    child.stdin.on('error', () => {
      // The CLI may exit before reading its prompt (bad flags); its exit tells the story.
    });
    child.stdin.end(options.prompt);

    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      stopTimers.abort();
      options.signal?.removeEventListener('abort', onAbort);
      seen.elapsedMs = clock.now() - startedAt;
      resolve(interpretRun(seen));
    };
    child.on('error', (error) => {
      seen.startError = error.message;
      settle();
    });
    child.on('exit', (code, signal) => {
      seen.exitCode = code;
      seen.exitSignal = signal;
      // Whatever the CLI left running in its group goes with it.
      signalProcessGroup(child, 'SIGKILL');
    });
    child.on('close', settle);
  });
}

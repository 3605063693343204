import { spawn } from 'node:child_process';
import { withProxyVariablesInBothCases } from '../http/index.js';
import { inheritedChildEnv } from '../util/child-env.js';
import { signalProcessGroup } from '../util/process-group.js';

/** What the action's own git processes need besides the shared child-environment policy. */
const GIT_NAMES = [
  'XDG_CONFIG_HOME',
  'GIT_CONFIG_GLOBAL',
  'GIT_CONFIG_SYSTEM',
  'GIT_CONFIG_NOSYSTEM',
  'GIT_EXEC_PATH',
];

export interface GitOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface GitCallOptions {
  cwd: string;
  /** Bound of this call; the runner's default otherwise. */
  timeoutMs?: number;
  /** Extra variables for this call only (e.g. credentials for the action's own push). */
  env?: Record<string, string>;
  /** Written to the child's stdin. */
  input?: string;
  signal?: AbortSignal;
  /** Exit codes that are answers, not failures (e.g. 1 for `git diff --quiet`). */
  okExitCodes?: readonly number[];
}

export class GitError extends Error {
  override name = 'GitError';
  constructor(
    message: string,
    readonly args: readonly string[],
    readonly cwd: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
  }
}

export class GitTimeoutError extends GitError {
  override name = 'GitTimeoutError';
}

export class GitAbortedError extends GitError {
  override name = 'GitAbortedError';
}

/** git is not installed or not on PATH. */
class GitNotFoundError extends GitError {
  override name = 'GitNotFoundError';
}

export interface GitRunnerOptions {
  binary?: string;
  /** Default bound of one call. */
  timeoutMs?: number;
  /** Where the inherited variables come from; process.env by default. */
  sourceEnv?: NodeJS.ProcessEnv;
  /**
   * A repository the action owns (see owned-repo.ts): every call names it with `--git-dir` /
   * `--work-tree`, reads no global or system config, and may use only `protocols` for transport.
   */
  owned?: { gitDir: string; workTree?: string; protocols: readonly string[] };
}

/**
 * Runs `git` for the action itself. Every call is bounded, gets an environment without secrets
 * (only what `env` adds for that call), never prompts, and runs no hooks or fsmonitor: an agent
 * may have written the shared `.git` directory, and nothing it planted there may run with the
 * action's credentials.
 */
export class Git {
  private readonly binary: string;
  private readonly timeoutMs: number;
  private readonly baseEnv: Record<string, string>;
  private readonly scope: string[];

  constructor(private readonly options: GitRunnerOptions = {}) {
    this.binary = options.binary ?? 'git';
    this.timeoutMs = options.timeoutMs ?? 120_000;
    const source = options.sourceEnv ?? process.env;
    this.baseEnv = {
      ...withProxyVariablesInBothCases(inheritedChildEnv(source, { names: GIT_NAMES })),
      GIT_TERMINAL_PROMPT: '0',
      GCM_INTERACTIVE: 'never',
    };
    this.scope = [];
    const owned = options.owned;
    if (owned) {
      Object.assign(this.baseEnv, { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' });
      delete this.baseEnv.GIT_CONFIG_SYSTEM;
      this.scope.push('--git-dir', owned.gitDir);
      if (owned.workTree) this.scope.push('--work-tree', owned.workTree);
      this.scope.push('-c', 'protocol.allow=never');
      for (const protocol of owned.protocols) this.scope.push('-c', `protocol.${protocol}.allow=always`);
    }
  }

  /** The same runner for a repository the action owns (explicit git dir, isolated config). */
  forOwnedRepository(owned: NonNullable<GitRunnerOptions['owned']>): Git {
    return new Git({ ...this.options, owned });
  }

  run(args: readonly string[], options: GitCallOptions): Promise<GitOutput> {
    // No hook anyone planted ever runs for the action, nor an fsmonitor command.
    const fullArgs = [...this.scope, '-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false', ...args];
    const timeoutMs = Math.max(1, options.timeoutMs ?? this.timeoutMs);
    const okExitCodes = options.okExitCodes ?? [0];
    const describe = `git ${args.join(' ')}`;
    return new Promise<GitOutput>((resolve, reject) => {
      if (options.signal?.aborted) {
        reject(
          new GitAbortedError(`${describe} was cancelled before it started`, args, options.cwd, null, ''),
        );
        return;
      }
      const child = spawn(this.binary, fullArgs, {
        cwd: options.cwd,
        env: { ...this.baseEnv, ...options.env },
        stdio: ['pipe', 'pipe', 'pipe'],
        // Own process group, so a timeout also ends git's helpers (remote-https, pack-objects).
        detached: process.platform !== 'win32',
        windowsHide: true,
      });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let settled = false;
      let ending: 'timeout' | 'abort' | undefined;
      const kill = () => signalProcessGroup(child, 'SIGKILL');
      const timer = setTimeout(() => {
        ending = 'timeout';
        kill();
      }, timeoutMs);
      const onAbort = () => {
        ending = 'abort';
        kill();
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        fn();
      };
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.stdin.on('error', () => {
        // git may exit before reading its input; its exit code tells what happened.
      });
      child.stdin.end(options.input ?? '');
      child.on('error', (error: NodeJS.ErrnoException) => {
        finish(() => {
          if (error.code === 'ENOENT') {
            reject(
              new GitNotFoundError(
                `git was not found (${this.binary}); install git or put it on PATH`,
                args,
                options.cwd,
                null,
                '',
              ),
            );
          } else {
            reject(
              new GitError(`${describe} could not start: ${error.message}`, args, options.cwd, null, ''),
            );
          }
        });
      });
      child.on('close', (code) => {
        finish(() => {
          const out = Buffer.concat(stdout).toString('utf8');
          const err = Buffer.concat(stderr).toString('utf8');
          if (ending === 'timeout') {
            reject(
              new GitTimeoutError(
                `${describe} took longer than ${timeoutMs} ms`,
                args,
                options.cwd,
                code,
                err,
              ),
            );
          } else if (ending === 'abort') {
            reject(new GitAbortedError(`${describe} was cancelled`, args, options.cwd, code, err));
          } else if (code !== null && okExitCodes.includes(code)) {
            resolve({ stdout: out, stderr: err, exitCode: code });
          } else {
            const detail = err.trim().split('\n').slice(-3).join(' | ') || `exit code ${code}`;
            reject(new GitError(`${describe} failed: ${detail}`, args, options.cwd, code, err));
          }
        });
      });
    });
  }

  /** stdout of a call, trimmed. */
  async text(args: readonly string[], options: GitCallOptions): Promise<string> {
    return (await this.run(args, options)).stdout.trim();
  }
}

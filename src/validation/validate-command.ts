import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actionDirectories, type Sandbox, sandboxWrapper } from '../sandbox/index.js';
import { systemClock } from '../util/clock.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { runCommand } from './command.js';
import { buildCommandEnv } from './command-env.js';

export interface ValidateCommandOptions {
  /** Shell text, run with `bash -c` at the root of a checkout of the PR head. */
  run: string;
  /** Default 15 minutes, and never past the validation's deadline. */
  timeoutMs?: number;
  /** Output kept for the evidence (its tail). Default 64 KiB. */
  maxOutputBytes?: number;
  /** Where PATH, LANG and the like come from; process.env by default. Secrets never pass. */
  sourceEnv?: NodeJS.ProcessEnv;
  /** Where the command runs (a security rule); without one it does not run at all (fail closed). */
  sandbox?: Sandbox;
}

/** Runs the validate-command in the sandbox, in the checkout, with a HOME and TMPDIR of its own. */
export async function runValidateCommand(
  command: ValidateCommandOptions,
  cwd: string,
  deadline: number,
  signal: AbortSignal | undefined,
  logger: Logger,
): Promise<{ passed: boolean; reason: string; output: string }> {
  const name = `validate-command \`${command.run.length > 80 ? `${command.run.slice(0, 80)}…` : command.run}\``;
  if (!command.sandbox) {
    return { passed: false, reason: `${name} did not run: no sandbox to run it in`, output: '' };
  }
  const scratch = await mkdtemp(join(tmpdir(), 'cyrus-command-'));
  try {
    const home = join(scratch, 'home');
    const tmp = join(scratch, 'tmp');
    await mkdir(home);
    await mkdir(tmp);
    await command.sandbox.giveToSandbox(scratch);
    await command.sandbox.giveToSandbox(cwd);
    const timeoutMs = Math.max(1, Math.min(command.timeoutMs ?? 15 * 60_000, deadline - systemClock.now()));
    const result = await runCommand({
      command: command.run,
      cwd,
      wrap: sandboxWrapper(command.sandbox, {
        cwd,
        writable: [{ source: cwd }, { source: scratch }],
        hidden: actionDirectories(process.env),
      }),
      env: buildCommandEnv(command.sourceEnv ?? process.env, { home, tmp }),
      timeoutMs,
      ...(command.maxOutputBytes ? { maxOutputBytes: command.maxOutputBytes } : {}),
      ...(signal ? { signal } : {}),
    });
    await command.sandbox.takeBack(cwd);
    const seconds = Math.round(result.durationMs / 1000);
    const output =
      result.droppedBytes > 0
        ? `… (${result.droppedBytes} earlier bytes cut)\n${result.output}`
        : result.output;
    if (result.startError)
      return { passed: false, reason: `${name} could not start: ${result.startError}`, output };
    if (result.timedOut)
      return {
        passed: false,
        reason: `${name} timed out after ${Math.round(timeoutMs / 1000)} s; its process group was killed`,
        output,
      };
    if (result.cancelled) return { passed: false, reason: `${name} was cancelled`, output };
    if (result.exitCode === 0) return { passed: true, reason: `${name} passed in ${seconds} s`, output };
    const how = result.exitSignal
      ? `was killed by ${result.exitSignal}`
      : `failed with exit code ${result.exitCode}`;
    return { passed: false, reason: `${name} ${how} after ${seconds} s`, output };
  } finally {
    await command.sandbox
      .takeBack(scratch)
      .catch((error: unknown) =>
        logger.warning(
          `validation: could not take ${scratch} back from the sandbox (${errorMessage(error)}); removing it anyway`,
        ),
      );
    await rm(scratch, { recursive: true, force: true, maxRetries: 3 });
  }
}

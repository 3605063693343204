import type { SandboxRun } from './command-line.js';
import type { Sandbox } from './sandbox.js';

/** Turns "run this program" into "run this program in the sandbox"; what runClaude and runCommand take. */
export type CommandWrapper = (command: string, args: readonly string[]) => { file: string; args: string[] };

/** A wrapper that runs every command in `sandbox` with the mounts and variables of `run`. */
export function sandboxWrapper(sandbox: Sandbox, run: Omit<SandboxRun, 'command' | 'args'>): CommandWrapper {
  return (command, args) => sandbox.commandLine({ ...run, command, args });
}

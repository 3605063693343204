import path from 'node:path';
import { isExecutable } from '../../claude/index.js';
import { envValue } from '../../util/env-value.js';
import type { CheckOutcome, ProbeContext } from '../module.js';
import { failed, ok, skipped } from '../probe-outcome.js';
import { CONFIG_PATH, parseCommandConfig } from './config.js';

/** The block parses, its program is on PATH, and the variables it passes through are set. */
export async function probeCommandExecutor(context: ProbeContext): Promise<CheckOutcome> {
  if (context.block === undefined || context.block === null)
    return skipped(
      'Not configured',
      `add an ${CONFIG_PATH} block to the config file to run a command-line agent`,
    );
  const parsed = parseCommandConfig(context.block);
  if (!parsed.ok) return failed(parsed.reason);
  const { config } = parsed;
  const program = config.command[0] ?? '';
  const found = await onPath(program, envValue(context.env, 'PATH') ?? process.env.PATH ?? '');
  if (!found)
    return failed(
      `${config.label}: ${program} is not on PATH`,
      'install it on the runner (the agent runs it from the host system directories, inside the sandbox)',
    );
  const unset = config.env.filter((name) => envValue(context.env, name) === undefined);
  if (unset.length > 0)
    return failed(
      `${config.label}: ${unset.join(', ')} ${unset.length === 1 ? 'is' : 'are'} not set`,
      `${CONFIG_PATH}.env passes ${unset.length === 1 ? 'it' : 'them'} to the agent; set ${unset.length === 1 ? 'it' : 'them'} in the workflow step's env`,
    );
  return ok('Ready', `${config.label}: ${found}; $${config.costPerRunUsd.toFixed(2)} a run`);
}

async function onPath(program: string, pathList: string): Promise<string | undefined> {
  if (program.includes('/')) return (await isExecutable(program)) ? program : undefined;
  for (const dir of pathList.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, program);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

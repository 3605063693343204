import { runnerActionIO } from './action/io.js';
import { runAction } from './action/run-action.js';

/** The action's entry point: the runner protocol and the process environment. */
export async function run(): Promise<void> {
  await runAction(runnerActionIO(), process.env);
}

import { coreActionIO } from './action/io.js';
import { runAction } from './action/run-action.js';

/** The action's entry point: the runner's @actions/core I/O and the process environment. */
export async function run(): Promise<void> {
  await runAction(coreActionIO(), process.env);
}

import { codegenExecutorModule } from './codegen/index.js';
import { claudeCodeExecutorModule } from './local/index.js';
import type { ExecutorModule } from './module.js';

/**
 * Every executor this build has, in the order strategies break ties in. Adding an executor is a
 * folder that exports an ExecutorModule and one line here.
 */
export const EXECUTOR_MODULES: readonly ExecutorModule[] = [codegenExecutorModule, claudeCodeExecutorModule];

/**
 * Whether the executor of that name runs on the runner, by its module's capabilities; undefined
 * for a name no module of this build has (old ledgers, removed plugins).
 */
export function runsOnRunner(
  executor: string,
  modules: readonly ExecutorModule[] = EXECUTOR_MODULES,
): boolean | undefined {
  return modules.find((m) => m.kind === executor)?.capabilities.needsRunner;
}

export { LazyExecutor } from './lazy.js';
export type { ExecutorModule, ExecutorServices, ExecutorStart } from './module.js';
export { EXECUTOR_MODULES, runsOnRunner } from './modules.js';

export { LazyExecutor } from './lazy.js';
export type {
  CheckOutcome,
  ExecutorModule,
  ExecutorServices,
  ExecutorStart,
  ExecutorStatusCheck,
  ProbeContext,
} from './module.js';
export { EXECUTOR_MODULES, runsOnRunner } from './modules.js';

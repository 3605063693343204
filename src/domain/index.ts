export {
  CodegenRepoRef,
  Cost,
  ExecutionContext,
  ExecutionResult,
  ExecutionStatus,
  FailureKind,
  IssueRef,
  isCloudFailure,
  ProgressEvent,
  PullRequestRef,
  RepositoryRef,
  TERMINAL_STATUSES,
} from './execution.js';
export type {
  ExecutorAvailability,
  ExecutorCapabilities,
  ExecutorDescriptor,
  ExecutorHistory,
  ExecutorLocation,
  TaskExecutor,
} from './executor.js';
export { checkPlan, findCycle, Plan, type PlanCheck, topologicalOrder } from './plan.js';
export { ExecutorRegistry } from './registry.js';
export { Task, TaskKind, TaskSize } from './task.js';

export type { ClaudeCredentials, RuntimeCredentials } from './credentials.js';
export {
  Cost,
  ExecutionContext,
  ExecutionResult,
  ExecutionStatus,
  ExecutorMemo,
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
  ExecutorIdentity,
  TaskExecutor,
} from './executor.js';
export { checkPlan, findCycle, Plan, type PlanCheck, topologicalOrder } from './plan.js';
export { ExecutorRegistry, type UnavailableExecutor } from './registry.js';
export { Task, TaskId, TaskKind, TaskSize } from './task.js';
export { ExecutionTrace, MAX_TRACE_URL, MAX_TRACED_TOOLS, OTHER_TOOLS, ToolTally } from './trace.js';

export { dispatchKey, taskBranch } from './branches.js';
export { candidatesFor } from './candidates.js';
export { type History, historyFrom, NO_HISTORY } from './history.js';
export { issueStatus, TaskOrchestrator } from './orchestrator.js';
export { type DependencyGate, readyTasks, satisfies, startingBranch, tasksToHold } from './readiness.js';
export {
  type Candidate,
  placeOf,
  type StrategyChoice,
  type StrategyInput,
  type StrategyPolicy,
  strategyPolicy,
  successRate,
} from './strategies/index.js';
export type {
  OrchestrationInput,
  OrchestratorDependencies,
  OrchestratorSettings,
  PullRequestVerdict,
  VerifyPullRequest,
} from './types.js';

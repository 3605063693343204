/**
 * Landing validated subtask PRs (merge policy `auto` or `queue`): the safety rules, one merge pass
 * over an issue in dependency order, and whether the loop can close.
 */
export { type Landing, landingOf } from './completion.js';
export {
  type MergeGateway,
  type MergeMethod,
  type MergeWriteResult,
  OctokitMergeGateway,
  type PullMergeView,
  type RepositoryMergeSettings,
} from './gateway.js';
export { type LandDependencies, type LandOutcome, landIssue } from './land.js';
export { dependencyOrder } from './reads.js';
export {
  chooseMethod,
  decideMerge,
  type HeadValidation,
  type MergeDecision,
  type MergeSituation,
} from './rules.js';

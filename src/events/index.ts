export { describeTarget, type IssueTarget, parseIssueInput } from './issue-ref.js';
export {
  type LabelTrigger,
  type ModeDecision,
  type ModeRequest,
  type PullRequestTarget,
  resolveMode,
  type WorkMode,
} from './mode.js';
export { PullRequestEvent } from './payloads.js';

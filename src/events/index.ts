export { describeTarget, type IssueTarget, parseIssueInput } from './issue-ref.js';
export {
  type LabelTrigger,
  MODES,
  type Mode,
  type ModeDecision,
  type ModeRequest,
  type PullRequestTarget,
  resolveMode,
  type WorkMode,
} from './mode.js';
export { PullRequestEvent } from './payloads.js';

export {
  parseIssueInput,
  type RequestedIssue,
} from '../util/issue-identity.js';
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

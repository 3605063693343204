export {
  describeOperation,
  type IssueChanges,
  type Operation,
  planOperations,
  renderBatch,
} from './batch.js';
export {
  type CreateLinearClientOptions,
  createLinearClient,
  credentialKind,
  DEFAULT_LINEAR_API_URL,
  type LinearCredentialKind,
} from './client.js';
export { isLinearError, LINEAR_MESSAGES, LinearError, type LinearErrorKind } from './errors.js';
export { type LinearGatewayOptions, SdkLinearGateway } from './gateway.js';
export { subIssueId, trackingCommentId } from './ids.js';
export {
  linkbackIdentifier,
  normaliseIdentifier,
  resolveLinearIssue,
} from './mapping.js';
export { type LinearIssueRef, type LinearViewer, TRACKING_MARKER, type WorkflowStateRef } from './queries.js';
export {
  type RateLimitSnapshot,
  RateLimitTracker,
  readRateLimit,
} from './rate-limit.js';
export {
  type AgentSessionGateway,
  AgentSessionReporter,
  type AgentSessionReporterOptions,
  type SessionActivity,
  type SessionPlan,
} from './session/index.js';
export {
  completedTarget,
  decideStateMove,
  type StateDecision,
  type StateTarget,
  stateTargets,
} from './states.js';
export {
  DEFAULT_LINEAR_RETRY,
  type GraphQLErrorInfo,
  type RetryPolicy,
} from './transport.js';
export {
  type LinearTrigger,
  TRIGGERED_PAGE_SIZE,
  type TriggerActor,
  type TriggeredIssue,
  type TriggeredIssuesPage,
  type TriggeredIssuesRequest,
} from './triggered.js';
export type {
  AppliedChanges,
  GitHubIssueComment,
  GitHubIssueTarget,
  IssueContext,
  IssueLookup,
  LinearGateway,
  ResolvedIssue,
} from './types.js';

export { type BreakerOptions, type BreakerState, CircuitBreaker, DEFAULT_BREAKER } from './breaker.js';
export {
  type CallOptions,
  CodegenClient,
  type CodegenClientOptions,
  type CreateRunOptions,
  DEFAULT_CODEGEN_API_URL,
  type ListRunsQuery,
  type PageQuery,
} from './client.js';
export {
  CodegenAuthError,
  CodegenError,
  CodegenNoRepositoriesError,
  CodegenQuotaError,
  CodegenRequestError,
  CodegenResponseError,
  CodegenUnavailableError,
  isCodegenError,
} from './errors.js';
export { DEFAULT_LOG_READ_LIMITS, type LogReadLimits, type RunLogs, readRunLogs } from './logs.js';
export {
  CODEGEN_RATE_LIMITS,
  CodegenRateLimits,
  type CountFrom,
  type RateLimit,
  type RequestKind,
  SlidingWindowLimiter,
} from './rate-limiter.js';
export {
  CodegenRunMonitor,
  type MonitorStats,
  type PollSchedule,
  type RunMonitorOptions,
  type RunSnapshot,
  type RunWatcher,
} from './run-monitor.js';
export {
  AgentRun,
  AgentRunPage,
  AgentRunWithLogs,
  AgentType,
  CreateAgentRunInput,
  describeErrorBody,
  GithubPullRequest,
  Organization,
  type Page,
  Repository,
  ResumeAgentRunInput,
  RunMetadata,
  User,
} from './schemas.js';
export { type NormalisedStatus, normaliseStatus, type RunPhase } from './status.js';
export { DEFAULT_RETRY, type RetryPolicy } from './transport.js';

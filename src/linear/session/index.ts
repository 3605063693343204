export {
  activitiesBetween,
  type ExternalUrl,
  externalUrlsOf,
  finalResponse,
  type PlanStepStatus,
  type SessionActivity,
  type SessionPlan,
  sessionPlanOf,
} from './activities.js';
export {
  type AgentSessionGateway,
  renderSessionPost,
  type SessionPost,
  type SessionState,
  TransportAgentSessionGateway,
} from './gateway.js';
export { AgentSessionReporter, type AgentSessionReporterOptions } from './reporter.js';

import type { AgentType, CodegenClient, CodegenRunMonitor } from '../../codegen/index.js';
import type { GitHubGateway } from '../../github/index.js';
import type { Logger } from '../../util/logger.js';
import type { CodegenPricing } from './cost.js';
import type { CodegenRepoIdResolver } from './repo-id.js';

export interface CodegenExecutorSettings {
  pricing: CodegenPricing;
  agentType?: AgentType;
  model?: string;
  /** Codegen's id of the repository, when the org has several. */
  repoId?: number;
  /** `features.enableTracing`: each ended run's logs are read once and summarised on its result. */
  tracing?: boolean;
  /** `features.useMcpServers`: Codegen has no such switch, which the log says once. */
  mcpServers?: boolean;
}

export interface CodegenExecutorOptions {
  /** Shared by every task of the job (rate limits, circuit breaker). */
  client: CodegenClient;
  /** The job's one poller. */
  monitor: CodegenRunMonitor;
  /** Confirms PRs on GitHub; its repository must be the task's. */
  gateway: GitHubGateway;
  settings: CodegenExecutorSettings;
  logger: Logger;
  /** Registry name recorded in results. */
  name?: string;
  /** Times a PAUSED run is asked to carry on by itself before it counts as failed. */
  pauseNudges?: number;
  /** How long a run may then stay PAUSED before it counts as failed. */
  pausedGraceMs?: number;
  /** Finds the repository's Codegen id when settings.repoId is not configured. */
  repoIds?: CodegenRepoIdResolver;
}

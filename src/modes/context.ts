import type { ActionInputs } from '../action/inputs.js';
import type { RunnerEnvironment } from '../action/runner-env.js';
import type { ResolvedConfig } from '../config/index.js';
import type { ModeDecision } from '../events/index.js';
import type { GitHubGateway } from '../github/index.js';
import type { RunStatus } from '../report/index.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';

/** What a mode handler gets: decided inputs, config and event, and the gateways to act through. */
export interface ModeContext {
  inputs: ActionInputs;
  runner: RunnerEnvironment;
  config: ResolvedConfig;
  decision: Extract<ModeDecision, { kind: 'work' }>;
  github: GitHubGateway;
  logger: Logger;
  clock: Clock;
}

export interface ModeOutcome {
  status: RunStatus;
  decisions: string[];
  linearIssue?: string;
  pullRequests?: string[];
  totalCostUsd?: number;
}

export type ModeHandler = (context: ModeContext) => Promise<ModeOutcome>;

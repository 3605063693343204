import type { ActionInputs } from '../action/inputs.js';
import type { RunnerEnvironment } from '../action/runner-env.js';
import type { ResolvedConfig } from '../config/index.js';
import type { Plan } from '../domain/index.js';
import type { ModeDecision } from '../events/index.js';
import type { RunStatus, WorkReport } from '../report/index.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import type { Runtime } from './runtime.js';

/** What a mode handler gets: decided inputs, config and event, and the runtime to act through. */
export interface ModeContext {
  inputs: ActionInputs;
  runner: RunnerEnvironment;
  config: ResolvedConfig;
  decision: Extract<ModeDecision, { kind: 'work' }>;
  runtime: Runtime;
  logger: Logger;
  clock: Clock;
  runUrl?: string;
  /**
   * On pull_request events, the PR's base branch: the workspace is the PR's merge commit, so what
   * decides validation (config, CI workflows) is read from here instead (a security rule).
   */
  baseRef?: string;
}

export interface ModeOutcome {
  status: RunStatus;
  decisions: string[];
  linearIssue?: string;
  issue?: { identifier: string; title?: string; url?: string };
  plan?: Plan;
  matrix?: { include: { issue: string; task: string; title: string }[] };
  pullRequests?: string[];
  totalCostUsd?: number;
  /** The issue's work for the job summary (the last one, when a mode touched several). */
  work?: WorkReport;
}

export type ModeHandler = (context: ModeContext) => Promise<ModeOutcome>;

import type { ResolvedConfig } from '../config/index.js';
import type { Plan } from '../domain/index.js';
import type { ModeDecision } from '../events/index.js';
import type { RunStatus, WorkReport } from '../report/index.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import type { JobSettings } from './job-settings.js';
import type { Runtime } from './runtime.js';

/** What a mode handler gets: the job's settings, the decided mode, and the runtime to act through. */
export interface ModeContext {
  job: JobSettings;
  /** The job's config (the same as `job.config`). */
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

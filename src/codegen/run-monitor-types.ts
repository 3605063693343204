import type { Logger } from '../util/logger.js';
import type { RateLimit } from './rate-limiter.js';
import type { AgentRun } from './schemas.js';
import type { NormalisedStatus } from './status.js';

/* What the run monitor hands out and takes: snapshots, watchers, its schedule and options. */

export interface RunSnapshot {
  run: AgentRun;
  status: NormalisedStatus;
  /** Clock time the read that produced it was sent; a later read always wins. */
  observedAt: number;
}

export interface RunWatcher {
  /** Every fresh reading of the run (callers compare statuses themselves). */
  onUpdate(snapshot: RunSnapshot): void;
  /** A poll failed after the client's own retries; polling goes on. */
  onError?(error: unknown): void;
}

export interface PollSchedule {
  /** Gap before the first poll after a run is added. */
  initialMs: number;
  /** Each poll without a new run multiplies the gap by this. */
  factor: number;
  /** Largest gap: bounds how late a finished run is noticed. */
  maxMs: number;
}

export interface RunMonitorOptions {
  schedule?: Partial<PollSchedule>;
  /** The job's own read budget for polling, whatever the number of runs: 2 per minute by default. */
  readBudget?: RateLimit;
  /** Page size of the list request (the API allows at most 100). */
  pageSize?: number;
  /** Pages read per poll before falling back to per-run reads. */
  maxPagesPerPoll?: number;
  /** Per-run reads per poll for runs the list did not show. */
  maxGetsPerPoll?: number;
  /** Narrows the list (documented filters) so other people's runs do not push ours off page one. */
  filter?: { userId?: number; sourceType?: string };
  logger?: Logger;
}

export const DEFAULT_SCHEDULE: PollSchedule = { initialMs: 10_000, factor: 1.5, maxMs: 30_000 };
export const DEFAULT_READ_BUDGET: RateLimit = { limit: 2, windowMs: 60_000 };

export interface MonitorStats {
  polls: number;
  listRequests: number;
  getRequests: number;
  failedPolls: number;
}

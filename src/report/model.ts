import type { IssueRecord } from '../ledger/records.js';

/** The action's `status` output (the action interface). */
export type RunStatus = 'success' | 'failure' | 'partial' | 'pending' | 'skipped';

/**
 * The part of an issue's ledger record the reports read. A full `IssueRecord` fits; a dry run,
 * which writes no ledger, can build one with just the plan.
 */
export type WorkRecord = Pick<IssueRecord, 'issue' | 'status' | 'plan' | 'tasks' | 'updatedAt'> &
  Partial<Pick<IssueRecord, 'strategy' | 'landing'>>;

/** What a task is expected to cost before it runs (plan-only and dry runs). Always an estimate. */
export interface TaskEstimate {
  executor: string;
  usd: number;
  reason?: string;
}

/** The work on one issue, as far as it has gone. */
export interface WorkReport {
  record: WorkRecord;
  /** Plan-only or dry run: nothing was dispatched. */
  dryRun?: boolean;
  /** Expected executor and cost per task id, shown for tasks that have not run. */
  estimates?: Record<string, TaskEstimate>;
  /** The moment the report describes (ISO); unfinished attempts run until then. Defaults to `record.updatedAt`. */
  now?: string;
}

/** Everything the job summary shows; built by the mode handlers, rendered by pure functions. */
export interface JobReport {
  status: RunStatus;
  /** What fired and what was decided about it (what people see: "the trigger decision"). */
  trigger: { event: string; decision: string; mode?: string };
  issue?: { identifier: string; title?: string; url?: string };
  strategy?: { name: string; reason: string };
  /** One line per decision worth showing (budget, fallback, skipped work). */
  decisions: string[];
  /** Set when the run failed: the sentence the user acts on. */
  error?: string;
  runUrl?: string;
  /** The issue's plan and tasks, when the run got that far. */
  work?: WorkReport;
  /** What the job spent of GitHub's REST budget, as it sent the requests. */
  githubRequests?: { rest: number; notModified: number; reads: number; contentWrites: number };
}

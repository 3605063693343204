import { z } from 'zod';
import {
  ExecutionStatus,
  ExecutionTrace,
  ExecutorMemo,
  FailureKind,
  Plan,
  PullRequestRef,
} from '../domain/index.js';

/** One try at a task: which executor, which session, how it ended. */
export const AttemptRecord = z.object({
  number: z.number().int().positive(),
  executor: z.string(),
  /**
   * Whether the executor ran on the runner (its capability at dispatch), so stats can tell local
   * from cloud work without knowing executor names. Absent in ledgers written before it existed.
   */
  onRunner: z.boolean().optional(),
  /** Idempotency key; Codegen runs carry it in `metadata`, so a lost session id can be found again. */
  dispatchKey: z.string(),
  sessionId: z.string().nullable(),
  status: z.union([ExecutionStatus, z.literal('dispatching')]),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  costUsd: z.number().nonnegative().optional(),
  costEstimated: z.boolean().optional(),
  failure: z.object({ kind: FailureKind, message: z.string() }).optional(),
  /** Set when this attempt replaced a cloud attempt that failed for the cloud's reasons. */
  fallbackFrom: z.string().optional(),
  /** The run (GITHUB_RUN_ID or a CLI run id) that dispatched it. */
  owner: z.string().optional(),
  /** Refreshed by the owner while a local attempt runs: a stale heartbeat means the owner died. */
  heartbeatAt: z.string().optional(),
  /** What the executor asked to keep for its later attempts (see ExecutorMemo). */
  memo: ExecutorMemo.optional(),
  /** What the attempt did (tools, turns, time, the run's link), when tracing was on. */
  trace: ExecutionTrace.optional(),
});
export type AttemptRecord = z.infer<typeof AttemptRecord>;

export const TaskAction = z.object({
  text: z.string(),
  link: z.object({ label: z.string(), url: z.string() }).optional(),
});
export type TaskAction = z.infer<typeof TaskAction>;

export const TaskState = z.enum(['pending', 'running', 'pr_open', 'succeeded', 'failed', 'held', 'deferred']);
export type TaskState = z.infer<typeof TaskState>;

/** Where a task's PR is on its way into the base branch (merge policy auto or queue), and why. */
export const TaskMerge = z.object({
  state: z.enum(['held', 'auto_merge', 'queued', 'merged', 'closed', 'conflict', 'revalidating']),
  reason: z.string(),
  /** The head the PR had when this was decided. */
  headSha: z.string().optional(),
  /** Conflict fixes handed back to the executor so far. */
  reworks: z.number().int().nonnegative().optional(),
  at: z.string(),
});
export type TaskMerge = z.infer<typeof TaskMerge>;

export const TaskRecord = z.object({
  id: z.string(),
  title: z.string(),
  state: TaskState,
  executor: z.string().optional(),
  executorReason: z.string().optional(),
  branch: z.string().optional(),
  baseBranch: z.string().optional(),
  pullRequest: PullRequestRef.optional(),
  /** The PR was merged; with dependencyGate "merged", dependents wait for this. */
  merged: z.boolean().optional(),
  merge: TaskMerge.optional(),
  checks: z
    .object({
      state: z.enum(['pending', 'success', 'failure']),
      headSha: z.string().optional(),
      summary: z.string().optional(),
    })
    .optional(),
  attempts: z.array(AttemptRecord).default([]),
  /** Why the task waits or stopped, in words (held behind a failed prerequisite, deferred by budget). */
  note: z.string().optional(),
  /** What a person must do for the task to go on (a token or a setting), with where to do it. */
  action: TaskAction.optional(),
  updatedAt: z.string(),
});
export type TaskRecord = z.infer<typeof TaskRecord>;

export const IssueStatus = z.enum(['planning', 'running', 'waiting', 'succeeded', 'failed', 'partial']);
export type IssueStatus = z.infer<typeof IssueStatus>;

/** `issues/<identifier>.json`: everything about one issue's work. */
export const IssueRecord = z.object({
  schema: z.literal(1),
  issue: z.object({
    identifier: z.string(),
    title: z.string(),
    url: z.string().optional(),
    githubIssueNumber: z.number().int().positive().optional(),
    linearIssueId: z.string().optional(),
  }),
  claimedBy: z.object({ runId: z.string(), at: z.string() }),
  status: IssueStatus,
  strategy: z.string().optional(),
  plan: Plan.optional(),
  tasks: z.record(z.string(), TaskRecord).default({}),
  /** Set once every PR merged (completed) or some closed unmerged (open): the loop is closed. */
  landing: z
    .object({ outcome: z.enum(['completed', 'open']), reason: z.string(), at: z.string() })
    .optional(),
  tracking: z
    .object({
      linearCommentId: z.string().optional(),
      githubCommentId: z.number().int().positive().optional(),
      /** The Linear agent session the app streams this issue's work into; later jobs continue it. */
      linearAgentSessionId: z.string().optional(),
    })
    .default({}),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type IssueRecord = z.infer<typeof IssueRecord>;

const Reservation = z.object({
  usd: z.number().nonnegative(),
  issue: z.string(),
  task: z.string(),
  at: z.string(),
  /** The actual cost once known; until then the reservation counts in full. */
  settledUsd: z.number().nonnegative().optional(),
  estimated: z.boolean().optional(),
});
export type Reservation = z.infer<typeof Reservation>;

/** `spend/<YYYY-MM-DD>.json`: the day's reservations, keyed by dispatch key. */
export const SpendRecord = z.object({
  schema: z.literal(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  reservations: z.record(z.string(), Reservation).default({}),
});
export type SpendRecord = z.infer<typeof SpendRecord>;

/** What a day's reservations add up to: settled ones at their actual cost, open ones at the reserved amount. */
export function committedUsd(record: SpendRecord | null): number {
  if (!record) return 0;
  return Object.values(record.reservations).reduce((sum, r) => sum + (r.settledUsd ?? r.usd), 0);
}

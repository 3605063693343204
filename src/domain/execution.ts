import { z } from 'zod';
import { Task } from './task.js';
import { ExecutionTrace } from './trace.js';

/** Normalised state of one execution, whichever executor runs it. */
export const ExecutionStatus = z.enum([
  'queued',
  'running',
  'paused',
  'succeeded',
  'failed',
  'cancelled',
  'timed_out',
]);
export type ExecutionStatus = z.infer<typeof ExecutionStatus>;

export const TERMINAL_STATUSES: ReadonlySet<ExecutionStatus> = new Set([
  'succeeded',
  'failed',
  'cancelled',
  'timed_out',
]);

/**
 * Why an execution failed. The first group is the cloud's fault (fall back to local);
 * the rest is the work's fault (retry per fix policy) or a hard stop.
 */
export const FailureKind = z.enum([
  'cloud_unavailable',
  'quota_exhausted',
  'auth',
  'no_repositories',
  'deadline',
  'max_turns',
  'max_budget',
  'no_pull_request',
  /** GitHub refused to open the PR (403): the branch is pushed; a token or setting must change. */
  'pull_request_refused',
  'agent_error',
  'cancelled',
  'internal',
]);
export type FailureKind = z.infer<typeof FailureKind>;

const CLOUD_FAILURES: ReadonlySet<FailureKind> = new Set([
  'cloud_unavailable',
  'quota_exhausted',
  'auth',
  'no_repositories',
]);

/** A failure that is the cloud's, not the work's: the orchestrator re-runs such a task locally. */
export function isCloudFailure(kind: FailureKind): boolean {
  return CLOUD_FAILURES.has(kind);
}

export const IssueRef = z.object({
  /** Linear identifier (ENG-123) when known, else `#<github number>`. */
  identifier: z.string().min(1),
  title: z.string(),
  url: z.string().optional(),
  githubIssueNumber: z.number().int().positive().optional(),
});
export type IssueRef = z.infer<typeof IssueRef>;

export const RepositoryRef = z.object({ owner: z.string().min(1), repo: z.string().min(1) });
export type RepositoryRef = z.infer<typeof RepositoryRef>;

/**
 * What an executor asks the ledger to keep for its later attempts in this repository (an id it
 * had to look up, say). Only that executor reads it, through its own schema.
 */
export const ExecutorMemo = z.record(z.string(), z.unknown());
export type ExecutorMemo = z.infer<typeof ExecutorMemo>;

/** Everything an executor needs to run one task; built by the orchestrator. */
export const ExecutionContext = z.object({
  issue: IssueRef,
  task: Task,
  /** 1 for the first try; later attempts carry `followUp`. */
  attempt: z.number().int().positive(),
  /** Idempotency key of this dispatch in the ledger. */
  ledgerKey: z.string().min(1),
  repository: RepositoryRef,
  /** Branch the work starts from: the base branch or a prerequisite task's branch. */
  baseBranch: z.string().min(1),
  /** Exact branch to push; contains the Linear identifier in lower case so Linear links the PR. */
  branch: z.string().min(1),
  /** Checkout the local executor works from (its worktrees hang off it). */
  workingDirectory: z.string().min(1),
  /** Absolute deadline, epoch milliseconds: no wait runs past it. */
  deadline: z.number().int().positive(),
  /** Budget cap for this execution in USD, when one applies. */
  maxCostUsd: z.number().nonnegative().optional(),
  /** Continue an earlier session with more instructions (fixing failed checks). */
  followUp: z.object({ sessionId: z.string().min(1), instructions: z.string().min(1) }).optional(),
  /** The newest memo this executor's earlier attempts left in the ledger (see ExecutorMemo). */
  remembered: ExecutorMemo.optional(),
});
export type ExecutionContext = z.infer<typeof ExecutionContext>;

export const PullRequestRef = z.object({
  number: z.number().int().positive(),
  url: z.string().url(),
  headBranch: z.string().min(1),
  title: z.string().optional(),
});
export type PullRequestRef = z.infer<typeof PullRequestRef>;

export const Cost = z.object({
  usd: z.number().nonnegative(),
  /** True when the figure is our estimate (Codegen reports no cost), false when the service reported it. */
  estimated: z.boolean(),
  /** How the figure came about, in words, e.g. "estimate: $0.50 per run + $0.05/min × 12 min". */
  basis: z.string(),
});
export type Cost = z.infer<typeof Cost>;

export const ExecutionResult = z.object({
  /** Registry name of the executor that ran it. */
  executor: z.string().min(1),
  /** Codegen run id or Claude session id; null when nothing started. */
  sessionId: z.string().nullable(),
  status: ExecutionStatus,
  success: z.boolean(),
  pullRequest: PullRequestRef.nullable(),
  branch: z.string().nullable(),
  cost: Cost,
  durationMs: z.number().nonnegative(),
  turns: z.number().int().nonnegative().optional(),
  startedAt: z.string(),
  finishedAt: z.string(),
  webUrl: z.string().optional(),
  summary: z.string().optional(),
  failure: z.object({ kind: FailureKind, message: z.string() }).optional(),
  /** What the run did (tools, turns, time), when the executor traces and `enableTracing` is on. */
  trace: ExecutionTrace.optional(),
});
export type ExecutionResult = z.infer<typeof ExecutionResult>;

/** What an executor reports while it works; the orchestrator logs it and updates reports. */
export const ProgressEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('started'),
    at: z.string(),
    taskId: z.string(),
    sessionId: z.string(),
    webUrl: z.string().optional(),
    /** What to keep in the ledger for later attempts (recorded with the dispatch). */
    remember: ExecutorMemo.optional(),
  }),
  z.object({
    type: z.literal('status'),
    at: z.string(),
    taskId: z.string(),
    sessionId: z.string(),
    status: ExecutionStatus,
    raw: z.string().optional(),
  }),
  z.object({ type: z.literal('message'), at: z.string(), taskId: z.string(), text: z.string() }),
  z.object({ type: z.literal('tool'), at: z.string(), taskId: z.string(), name: z.string() }),
  z.object({
    type: z.literal('pull_request'),
    at: z.string(),
    taskId: z.string(),
    pullRequest: PullRequestRef,
  }),
  z.object({ type: z.literal('finished'), at: z.string(), taskId: z.string(), status: ExecutionStatus }),
]);
export type ProgressEvent = z.infer<typeof ProgressEvent>;

import type { RepositoryRef } from '../domain/index.js';
import type { EtagCache } from './etag-cache.js';
import type { GitHubClient } from './octokit.js';

/* The shapes of check runs, suites and commit statuses as the gateway hands them out. */

/** Known check statuses and conclusions; GitHub may send others, kept as strings. */
export type CheckStatus = 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
export type CheckConclusion =
  | 'success'
  | 'failure'
  | 'neutral'
  | 'cancelled'
  | 'skipped'
  | 'timed_out'
  | 'action_required'
  | 'startup_failure'
  | 'stale';

export interface CheckApp {
  id: number;
  slug: string | null;
  name: string;
}

export interface CheckRunInfo {
  id: number;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  /** The run's page on GitHub. */
  url: string | null;
  /** The integrator's page (a workflow job's log for GitHub Actions). */
  detailsUrl: string | null;
  suiteId: number | null;
  app: CheckApp | null;
  title: string | null;
  summary: string | null;
}

export interface CheckSuiteInfo {
  id: number;
  headSha: string;
  status: string | null;
  conclusion: string | null;
  app: CheckApp | null;
  /** How many runs the suite has; GitHub leaves suites of Apps that never report at 0, `queued`. */
  checkRunsCount: number;
}

export type CommitState = 'error' | 'failure' | 'pending' | 'success';

export interface CommitStatusInfo {
  context: string;
  state: CommitState;
  description: string | null;
  targetUrl: string | null;
  creator: string | null;
}

export interface CombinedStatusInfo {
  /** `pending` also when there are no statuses at all. */
  state: string;
  sha: string;
  /** The latest status per context. */
  statuses: CommitStatusInfo[];
}

export interface CheckRunOutput {
  title: string;
  /** Markdown, at most 65535 characters. */
  summary: string;
  text?: string;
}

export interface NewCheckRun {
  name: string;
  headSha: string;
  status?: 'queued' | 'in_progress' | 'completed';
  conclusion?: CheckConclusion;
  detailsUrl?: string;
  externalId?: string;
  output?: CheckRunOutput;
}

export interface CheckRunUpdate {
  status?: 'queued' | 'in_progress' | 'completed';
  conclusion?: CheckConclusion;
  detailsUrl?: string;
  output?: CheckRunOutput;
}

export interface NewCommitStatus {
  sha: string;
  state: CommitState;
  context: string;
  /** GitHub refuses more than 140 characters; longer text is cut. */
  description?: string;
  targetUrl?: string;
}

/** Check runs, check suites and commit statuses of one repository. */
export interface ChecksGateway {
  /** Needs `checks: write`, which only GitHub App tokens have: a personal token gets 403. */
  createCheckRun(run: NewCheckRun): Promise<CheckRunInfo>;
  updateCheckRun(id: number, update: CheckRunUpdate): Promise<CheckRunInfo>;
  /** The latest run per name and suite on `ref` (a sha or branch); conditional (ETag) reads. */
  listCheckRunsForRef(ref: string, options?: { checkName?: string }): Promise<CheckRunInfo[]>;
  /** Conditional (ETag) read. */
  listCheckSuitesForRef(ref: string): Promise<CheckSuiteInfo[]>;
  /** Conditional (ETag) read. */
  getCombinedStatus(ref: string): Promise<CombinedStatusInfo>;
  /** The fallback for tokens without checks permission (fine-grained personal tokens). */
  createCommitStatus(status: NewCommitStatus): Promise<CommitStatusInfo>;
}

export interface GatewayContext {
  client: GitHubClient;
  repository: RepositoryRef;
  etags: EtagCache;
}

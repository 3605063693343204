/**
 * Check suites, check runs and commit statuses of the stand-in. As on GitHub: one suite per App
 * per head commit; a suite with runs takes its status and conclusion from them; a suite with no
 * runs stays where it was put (GitHub leaves such suites `queued` forever).
 */

export interface AppRecord {
  id: number;
  slug: string;
  name: string;
  /** Login of the account that owns the App. */
  owner: string;
  createdAt: string;
}

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

export interface CheckSuiteRecord {
  id: number;
  app: AppRecord;
  headSha: string;
  headBranch: string | null;
  status: CheckStatus;
  conclusion: CheckConclusion | null;
  createdAt: string;
  updatedAt: string;
}

export interface CheckRunRecord {
  id: number;
  suiteId: number;
  app: AppRecord;
  headSha: string;
  name: string;
  status: CheckStatus;
  conclusion: CheckConclusion | null;
  startedAt: string | null;
  completedAt: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  detailsUrl: string | null;
  externalId: string | null;
}

export type CommitState = 'error' | 'failure' | 'pending' | 'success';

export interface StatusRecord {
  id: number;
  sha: string;
  state: CommitState;
  context: string;
  description: string | null;
  targetUrl: string | null;
  creator: string;
  createdAt: string;
  updatedAt: string;
}

/** Conclusions that fail a suite, worst first; anything else counts as passing. */
const FAILING_ORDER: CheckConclusion[] = [
  'action_required',
  'startup_failure',
  'failure',
  'timed_out',
  'cancelled',
  'stale',
];

/** What a suite shows once it has runs, from those runs. */
export function aggregateSuite(suite: CheckSuiteRecord, runs: CheckRunRecord[], now: string): void {
  if (runs.length === 0) return;
  const done = runs.every((r) => r.status === 'completed');
  suite.status = done ? 'completed' : runs.some((r) => r.status !== 'queued') ? 'in_progress' : 'queued';
  if (!done) {
    suite.conclusion = null;
  } else {
    const conclusions = runs.map((r) => r.conclusion);
    suite.conclusion =
      FAILING_ORDER.find((c) => conclusions.includes(c)) ??
      (conclusions.includes('success') ? 'success' : conclusions.includes('neutral') ? 'neutral' : 'skipped');
  }
  suite.updatedAt = now;
}

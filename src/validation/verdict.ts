import type { CiAction } from './no-ci.js';

/** What validating one subtask PR concluded, with the evidence a fix attempt needs. */
/** `unverified`: CI exists but did not run on the PR (and could not be started); never a pass. */
export type Verdict = 'passed' | 'failed' | 'skipped' | 'timed_out' | 'unverified';

export interface FailingCheck {
  /** Check run name, or commit status context. */
  name: string;
  /** GitHub's conclusion (`failure`, `timed_out`, ...) or status state (`failure`, `error`). */
  conclusion: string;
  summary?: string;
  url?: string;
}

export interface ValidationEvidence {
  failingChecks: FailingCheck[];
  /** Tail of the validate-command's output (stdout and stderr interleaved), secrets redacted. */
  commandOutput?: string;
  /** The review posted on the PR (markdown). */
  review?: string;
  /** Checks still unfinished when the wait ended (for `timed_out`). */
  pendingChecks?: string[];
}

export interface ValidationVerdict {
  verdict: Verdict;
  /** One line per finding, in the order they were made: what the check run's summary lists. */
  reasons: string[];
  evidence: ValidationEvidence;
  /** The commit that was validated. */
  headSha?: string;
  /** For `unverified`: what a person must change so CI runs. */
  action?: CiAction;
}

import { type ChecksGateway, githubMessage, httpStatus, isPermissionDenied } from '../github/index.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { assessCi, type CiAssessment, type CiSnapshot, type OwnChecks } from './ci-state.js';
import type { CiAction } from './no-ci.js';
import type { FailingCheck } from './verdict.js';

export interface CiPolicy {
  /** First pause between polls; it grows while nothing changes and resets when something does. */
  initialPollMs: number;
  maxPollMs: number;
  /** Suites without runs (Apps that never report) stop blocking this long after the wait began. */
  emptySuiteGraceMs: number;
  /** With no check at all on the commit after this long, there is no CI to wait for. */
  noChecksGraceMs: number;
  /** Conclude `failed` at the first failing check instead of waiting for the others. */
  failFast: boolean;
}

const DEFAULT_CI_POLICY: CiPolicy = {
  initialPollMs: 10_000,
  maxPollMs: 60_000,
  emptySuiteGraceMs: 120_000,
  noChecksGraceMs: 60_000,
  failFast: true,
};

export interface WaitForCiInput {
  checks: Pick<ChecksGateway, 'listCheckRunsForRef' | 'listCheckSuitesForRef' | 'getCombinedStatus'>;
  sha: string;
  own: OwnChecks;
  /** Epoch ms: past it the wait ends `timed_out`. */
  deadline: number;
  clock: Clock;
  logger: Logger;
  policy?: Partial<CiPolicy>;
  random?: () => number;
  signal?: AbortSignal;
}

export interface CiOutcome {
  /**
   * `no_ci`: no check at all appeared within the grace period (the caller decides whether CI was
   * expected); `unverified`: CI was expected and did not run, with `action` saying what to change.
   */
  state: 'passed' | 'failed' | 'timed_out' | 'no_ci' | 'unverified';
  failing: FailingCheck[];
  pending: string[];
  passed: string[];
  /** Things worth saying in the verdict (ignored suites, no CI, statuses only). */
  notes: string[];
  polls: number;
  action?: CiAction;
}

/** Errors worth polling through: rate limits the client gave up on, 5xx, timeouts, resets. */
function isTransient(error: unknown): boolean {
  const status = httpStatus(error);
  if (status === undefined || status >= 500 || status === 429) return true;
  return status === 403 && /rate limit/i.test(githubMessage(error));
}

/**
 * Waits for every check on `sha` except this validation's own, polling with backoff (unchanged
 * answers are free 304s through the gateway's ETag cache) until CI passes, fails, or the deadline.
 */
export async function waitForCi(input: WaitForCiInput): Promise<CiOutcome> {
  const policy = { ...DEFAULT_CI_POLICY, ...input.policy };
  const { clock, logger } = input;
  const random = input.random ?? Math.random;
  const start = clock.now();
  const notes: string[] = [];
  let checksReadable = true;
  let delay = policy.initialPollMs;
  let previous = '';
  let last: CiAssessment | undefined;
  let lastError: unknown;
  let polls = 0;

  const read = async (): Promise<CiSnapshot> => {
    const statuses = (await input.checks.getCombinedStatus(input.sha)).statuses;
    if (!checksReadable) return { runs: [], suites: [], statuses };
    try {
      const runs = await input.checks.listCheckRunsForRef(input.sha);
      const suites = await input.checks.listCheckSuitesForRef(input.sha);
      return { runs, suites, statuses };
    } catch (error) {
      if (!isPermissionDenied(error)) throw error;
      checksReadable = false;
      notes.push(
        'check runs are not readable with this token (a fine-grained personal token?); only commit statuses were considered',
      );
      logger.warning(
        `validation: cannot read check runs (${githubMessage(error)}); using commit statuses only`,
      );
      return { runs: [], suites: [], statuses };
    }
  };

  for (;;) {
    input.signal?.throwIfAborted();
    polls += 1;
    let changed = false;
    try {
      const snapshot = await read();
      lastError = undefined;
      const assessment = assessCi(snapshot, input.own);
      const fingerprint = JSON.stringify(assessment);
      changed = fingerprint !== previous;
      previous = fingerprint;
      last = assessment;
      const elapsed = clock.now() - start;
      if (changed) {
        logger.debug(
          `validation: CI on ${input.sha.slice(0, 7)}: ${assessment.passed.length} passed, ${assessment.pending.length} pending, ${assessment.failing.length} failing`,
        );
      }
      if (assessment.state === 'failed' && (policy.failFast || assessment.pending.length === 0)) {
        return outcome('failed', assessment);
      }
      if (assessment.state === 'passed') return outcome('passed', assessment);
      const onlyEmptySuites =
        assessment.state === 'pending' &&
        assessment.seenAny &&
        assessment.pending.length === 0 &&
        assessment.failing.length === 0;
      if (onlyEmptySuites && elapsed >= policy.emptySuiteGraceMs) {
        notes.push(
          `ignored ${assessment.emptySuites.join(', ')}: no check runs after ${Math.round(elapsed / 1000)} s (an App that never reports)`,
        );
        return outcome('passed', assessment);
      }
      if (!assessment.seenAny && elapsed >= policy.noChecksGraceMs) {
        notes.push(`no CI check ran on ${input.sha.slice(0, 7)} within ${Math.round(elapsed / 1000)} s`);
        return outcome('no_ci', assessment);
      }
    } catch (error) {
      if (!isTransient(error)) throw error;
      lastError = error;
      logger.warning(`validation: reading CI failed (${githubMessage(error)}); polling again`);
    }

    const now = clock.now();
    if (now >= input.deadline) {
      if (lastError !== undefined)
        notes.push(`GitHub kept failing while CI was read: ${githubMessage(lastError)}`);
      // Without fail-fast, failures seen so far still decide once time is up.
      return outcome(last && last.failing.length > 0 ? 'failed' : 'timed_out', last);
    }
    delay = changed ? policy.initialPollMs : Math.min(policy.maxPollMs, Math.round(delay * 1.5));
    // ±20% jitter, so parallel validations do not poll in lockstep.
    const pause = Math.round(delay * (0.8 + 0.4 * random()));
    await clock.sleep(Math.max(0, Math.min(pause, input.deadline - now)), input.signal);
  }

  function outcome(state: CiOutcome['state'], a: CiAssessment | undefined): CiOutcome {
    return {
      state,
      failing: a?.failing ?? [],
      pending: [...(a?.pending ?? []), ...(state === 'timed_out' ? (a?.emptySuites ?? []) : [])],
      passed: a?.passed ?? [],
      notes,
      polls,
    };
  }
}

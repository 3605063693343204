import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChecksGateway, PullRequestInfo, PullRequestsGateway } from '../github/index.js';
import { type Clock, systemClock } from '../util/clock.js';
import { errorMessage, UserError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { type ValidationSubject, validationCheckText } from './check-text.js';
import { type CiOutcome, type CiPolicy, waitForCi } from './ci-wait.js';
import { type MissingCiResolution, resolveMissingCi, stillMissing, type WorkflowStarter } from './no-ci.js';
import {
  type CheckoutSource,
  droppedSymlinksReason,
  type PrCheckout,
  withPullRequestCheckout,
} from './pr-checkout.js';
import { startValidationReport, VALIDATION_CHECK_NAME, type ValidationReporter } from './reporter.js';
import { type ReviewOptions, type ReviewOutcome, reviewMarker, reviewPullRequest } from './review.js';
import { runValidateCommand, type ValidateCommandOptions } from './validate-command.js';
import type { ValidationVerdict } from './verdict.js';
import { decide, type LocalOutcome, redact } from './verdict-of.js';

export type { ValidateCommandOptions } from './validate-command.js';

export interface ValidatePullRequestInput {
  github: Pick<
    PullRequestsGateway,
    'getPullRequest' | 'getPullRequestDiff' | 'createReview' | 'listReviews'
  > &
    ChecksGateway;
  pullNumber: number;
  /** Epoch ms that bounds the whole validation: the CI wait, the command and the review. */
  deadline: number;
  logger: Logger;
  /** Time for polling and deadlines; the command and the review are real processes on wall-clock time. */
  clock?: Clock;
  /** The workflow run's URL: where the check run's "Details" leads. */
  detailsUrl?: string;
  /** Recorded on the check run (e.g. "ENG-123/t1"). */
  externalId?: string;
  /** The issue and subtask the PR belongs to, named in the check run. */
  subject?: ValidationSubject;
  /** GITHUB_RUN_ID: this workflow's own jobs are check runs on the commit too and are never waited for. */
  workflowRunId?: string;
  ci?: Partial<CiPolicy>;
  /** The repository checked out, for the command and the review. Required with `command`. */
  checkout?: CheckoutSource;
  command?: ValidateCommandOptions;
  review?: ReviewOptions;
  /** The repository's PR workflows: when none ran on the head, they are started or the verdict says why not. */
  workflows?: WorkflowStarter;
  /** Strings to mask in anything posted (tokens the action holds). */
  redact?: readonly string[];
  signal?: AbortSignal;
}

/**
 * Validates one subtask PR (what people see; security rules): skips forks; puts `Cyrus validation` in progress on the
 * head commit; waits for every other check there while, in parallel, the validate-command runs in a
 * secret-free checkout and a read-only Claude review is posted; then posts the verdict and its
 * reasons. A failing PR is a verdict, not an error; errors (GitHub unreachable, the checkout
 * impossible) are thrown after the check run says the validation could not finish.
 */
export async function validatePullRequest(input: ValidatePullRequestInput): Promise<ValidationVerdict> {
  const { github, logger } = input;
  const clock = input.clock ?? systemClock;
  if (input.command && !input.checkout) {
    throw new UserError('validate-command needs the repository checked out', [
      'add actions/checkout before this step, or remove validate-command',
    ]);
  }
  const pr = await github.getPullRequest(input.pullNumber);
  if (!pr) throw new UserError(`PR #${input.pullNumber} was not found in the repository`);
  const skip = skipReason(pr);
  if (skip) {
    logger.info(`validation: PR #${pr.number} skipped: ${skip}`);
    return { verdict: 'skipped', reasons: [skip], evidence: { failingChecks: [] }, headSha: pr.headSha };
  }

  const reporter = await startValidationReport({
    checks: github,
    sha: pr.headSha,
    logger,
    ...(input.detailsUrl ? { detailsUrl: input.detailsUrl } : {}),
    ...(input.externalId ? { externalId: input.externalId } : {}),
    inProgress: validationCheckText('in_progress', input.subject),
  });
  logger.info(`validation: PR #${pr.number} at ${pr.headSha.slice(0, 7)} (reported as ${reporter.kind})`);
  try {
    // The command and the review are real processes: they get the time left as wall-clock time.
    const remainingMs = Math.max(1, input.deadline - clock.now());
    const [ci, local] = await bothOrNeither(input.signal, (signal) => {
      const scoped = { ...input, signal };
      return [waitForOthers(scoped, pr, reporter, clock), runLocal(scoped, pr, remainingMs)] as const;
    });
    const verdict = decide(ci, local, pr, input.review?.blocking === true, input.redact ?? []);
    logger.info(`validation: PR #${pr.number} ${verdict.verdict}: ${verdict.reasons.join('; ')}`);
    await reporter.finish(verdict.verdict, validationCheckText(verdict, input.subject));
    return verdict;
  } catch (error) {
    await reporter.abort(redact(errorMessage(error), input.redact ?? []).slice(0, 1000));
    throw error;
  }
}

/**
 * Runs two branches of work; when one fails, the other is cancelled (no polling left behind), both
 * are waited for (a checkout is cleaned up before this returns), and the first error is thrown.
 */
async function bothOrNeither<A, B>(
  outer: AbortSignal | undefined,
  start: (signal: AbortSignal) => readonly [Promise<A>, Promise<B>],
): Promise<[A, B]> {
  const stop = new AbortController();
  const signal = outer ? AbortSignal.any([outer, stop.signal]) : stop.signal;
  let first: { error: unknown } | undefined;
  const guard = <T>(work: Promise<T>) =>
    work.catch((error: unknown) => {
      first ??= { error };
      stop.abort(error);
      throw error;
    });
  const [a, b] = start(signal);
  const [ra, rb] = await Promise.allSettled([guard(a), guard(b)]);
  if (first) throw first.error;
  if (ra.status === 'rejected' || rb.status === 'rejected')
    throw new Error('unreachable: a branch failed unrecorded');
  return [ra.value, rb.value];
}

function skipReason(pr: PullRequestInfo): string | undefined {
  if (pr.fromFork) return `PR #${pr.number} comes from a fork; nothing runs for fork PRs`;
  if (pr.merged) return `PR #${pr.number} is already merged`;
  if (pr.state === 'closed') return `PR #${pr.number} is closed`;
  return undefined;
}

/** CI on the head; when none ran but PR workflows exist, start them or conclude `unverified`. */
async function waitForOthers(
  input: ValidatePullRequestInput,
  pr: PullRequestInfo,
  reporter: ValidationReporter,
  clock: Clock,
): Promise<CiOutcome> {
  const first = await waitOnce(input, pr, reporter, clock);
  if (first.state !== 'no_ci') return first;
  const resolution = await resolveMissingCi(input.workflows, pr, input.logger);
  if (resolution.kind === 'none-expected')
    return { ...first, state: 'passed', notes: [...first.notes, resolution.note] };
  const unverified = (r: Extract<MissingCiResolution, { kind: 'unverified' }>, base: CiOutcome) => ({
    ...base,
    state: 'unverified' as const,
    notes: [...first.notes, r.reason],
    action: r.action,
  });
  if (resolution.kind === 'unverified') return unverified(resolution, first);
  const second = await waitOnce(input, pr, reporter, clock);
  const notes = [...first.notes, ...resolution.notes, ...second.notes];
  if (second.state !== 'no_ci') return { ...second, notes, polls: first.polls + second.polls };
  const missing = stillMissing(resolution.started, pr.headSha);
  return missing.kind === 'unverified' ? unverified(missing, second) : second;
}

function waitOnce(
  input: ValidatePullRequestInput,
  pr: PullRequestInfo,
  reporter: ValidationReporter,
  clock: Clock,
): Promise<CiOutcome> {
  return waitForCi({
    checks: input.github,
    sha: pr.headSha,
    own: {
      checkRunName: VALIDATION_CHECK_NAME,
      statusContext: VALIDATION_CHECK_NAME,
      checkRunIds: new Set(reporter.checkRunId === undefined ? [] : [reporter.checkRunId]),
      ...(reporter.appId === undefined ? {} : { appId: reporter.appId }),
      ...(input.workflowRunId ? { workflowRunId: input.workflowRunId } : {}),
    },
    deadline: input.deadline,
    clock,
    logger: input.logger,
    ...(input.ci ? { policy: input.ci } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  });
}

/** The command and the review, in one checkout of the PR head. */
async function runLocal(
  input: ValidatePullRequestInput,
  pr: PullRequestInfo,
  remainingMs: number,
): Promise<LocalOutcome> {
  const deadline = systemClock.now() + remainingMs;
  if (!input.command && !input.review) return { reasons: [], failed: false };
  const head = { number: pr.number, headRef: pr.headRef, headSha: pr.headSha, baseRef: pr.baseRef };
  if (input.checkout) {
    return withPullRequestCheckout(input.checkout, head, input.logger, (checkout) =>
      runInCheckout(input, pr, checkout, deadline),
    );
  }
  // A review without a checkout reads the diff only.
  const empty = await mkdtemp(join(tmpdir(), 'cyrus-review-'));
  try {
    return await runInCheckout(input, pr, { dir: empty, secrets: [], droppedSymlinks: [] }, deadline);
  } finally {
    await rm(empty, { recursive: true, force: true });
  }
}

async function runInCheckout(
  input: ValidatePullRequestInput,
  pr: PullRequestInfo,
  checkout: PrCheckout,
  /** Wall-clock epoch ms. */
  deadline: number,
): Promise<LocalOutcome> {
  const outcome: LocalOutcome = { reasons: [], failed: false };
  const masks = [...(input.redact ?? []), ...checkout.secrets];
  const dropped = droppedSymlinksReason(checkout);
  if (dropped) outcome.reasons.push(dropped);
  if (input.command) {
    const ran = await runValidateCommand(input.command, checkout.dir, deadline, input.signal, input.logger);
    outcome.commandOutput = redact(ran.output, masks);
    outcome.reasons.push(ran.reason);
    outcome.failed ||= !ran.passed;
  }
  if (input.review) {
    outcome.review = await runReview(input, pr, checkout.dir, input.review, deadline, masks);
  }
  return outcome;
}

async function runReview(
  input: ValidatePullRequestInput,
  pr: PullRequestInfo,
  cwd: string,
  options: ReviewOptions,
  deadline: number,
  /** The action's secrets and the checkout's credentials: the reviewer may quote either. */
  masks: readonly string[],
): Promise<ReviewOutcome> {
  const { github, logger } = input;
  let diff: string;
  try {
    diff = await github.getPullRequestDiff(pr.number);
  } catch (error) {
    // GitHub refuses diffs that are too large (406); the reviewer can still read the checkout.
    logger.warning(`validation: no diff for PR #${pr.number}: ${errorMessage(error)}`);
    diff = '(the diff could not be fetched; read the changed files in the checkout)';
  }
  const review = await reviewPullRequest({
    subject: { number: pr.number, title: pr.title, body: '', headSha: pr.headSha, diff },
    cwd,
    options,
    deadline,
    logger,
    ...(input.signal ? { signal: input.signal } : {}),
  });
  if (!review.ran) return review;
  // The reviewer read the checkout: whatever secret it quoted is masked before posting, and in the evidence.
  const body = redact(review.body, masks);
  try {
    const marker = reviewMarker(pr.headSha);
    const posted = (await github.listReviews(pr.number)).some((r) => r.body.includes(marker));
    if (!posted) await github.createReview(pr.number, { body, event: 'COMMENT', commitId: pr.headSha });
  } catch (error) {
    logger.warning(`validation: could not post the review on PR #${pr.number}: ${errorMessage(error)}`);
  }
  return { ...review, body };
}

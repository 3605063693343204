import { type ChecksGateway, githubMessage, isPermissionDenied } from '../github/index.js';
import type { Logger } from '../util/logger.js';
import type { CheckText } from './check-summary.js';
import type { Verdict } from './verdict.js';

export const VALIDATION_CHECK_NAME = 'Cyrus validation';

export interface ReporterInput {
  checks: Pick<
    ChecksGateway,
    'createCheckRun' | 'updateCheckRun' | 'listCheckRunsForRef' | 'createCommitStatus'
  >;
  sha: string;
  logger: Logger;
  /** Where "Details" leads: the workflow run. */
  detailsUrl?: string;
  externalId?: string;
  /** The check run's text while validation runs. */
  inProgress?: CheckText;
}

/** Where the validation shows on the PR: a check run, or (without checks permission) a commit status. */
export interface ValidationReporter {
  readonly kind: 'check-run' | 'commit-status' | 'none';
  /** Our check run, once created (never waited for). */
  readonly checkRunId: number | undefined;
  /** Our App, when it is not GitHub Actions. */
  readonly appId: number | undefined;
  finish(verdict: Verdict, text: CheckText): Promise<void>;
  /** Validation could not finish (an error, not a verdict): say so without failing the PR. */
  abort(message: string): Promise<void>;
}

const CONCLUSION: Record<Verdict, 'success' | 'failure' | 'neutral'> = {
  passed: 'success',
  failed: 'failure',
  // Inconclusive: the CI checks themselves still gate the merge; a later event validates again.
  timed_out: 'neutral',
  skipped: 'neutral',
  // CI that did not run is not a pass (a security rule): neutral, with the reason and the fix.
  unverified: 'neutral',
};

const STATE: Record<Verdict, 'success' | 'failure' | 'error'> = {
  passed: 'success',
  failed: 'failure',
  timed_out: 'error',
  skipped: 'success',
  unverified: 'error',
};

/**
 * Puts `Cyrus validation` in progress on `sha`; a 403 (a personal token has no checks permission)
 * falls back to a commit status of that context.
 * Once started, posting the verdict never throws: a failure to post is logged.
 */
export async function startValidationReport(input: ReporterInput): Promise<ValidationReporter> {
  const { checks, sha, logger } = input;
  const inProgress = input.inProgress ?? {
    title: 'Validating',
    summary: 'Waiting for CI and running the validation.',
  };
  try {
    // A new run each time: GitHub shows the latest run of a name, earlier ones stay as history.
    const created = await checks.createCheckRun({
      name: VALIDATION_CHECK_NAME,
      headSha: sha,
      status: 'in_progress',
      output: inProgress,
      ...details(input),
      ...(input.externalId ? { externalId: input.externalId } : {}),
    });
    const appId = created.app && created.app.slug !== 'github-actions' ? created.app.id : undefined;
    return {
      kind: 'check-run',
      checkRunId: created.id,
      appId,
      finish: (verdict, text) =>
        report(logger, () =>
          checks.updateCheckRun(created.id, { conclusion: CONCLUSION[verdict], output: text }),
        ),
      abort: (message) =>
        report(logger, () =>
          checks.updateCheckRun(created.id, {
            conclusion: 'neutral',
            output: { title: 'Validation could not finish', summary: message },
          }),
        ),
    };
  } catch (error) {
    if (!isPermissionDenied(error)) throw error;
    logger.info(`validation: no check runs with this token (${githubMessage(error)}); using a commit status`);
  }
  const status = (state: 'pending' | 'success' | 'failure' | 'error', description: string) =>
    checks.createCommitStatus({
      sha,
      state,
      context: VALIDATION_CHECK_NAME,
      description,
      ...(input.detailsUrl ? { targetUrl: input.detailsUrl } : {}),
    });
  try {
    await status('pending', 'Waiting for CI and running the validation');
  } catch (error) {
    if (!isPermissionDenied(error)) throw error;
    logger.warning(
      `validation: cannot post a commit status either (${githubMessage(error)}); the verdict shows in the log only`,
    );
    return {
      kind: 'none',
      checkRunId: undefined,
      appId: undefined,
      finish: async () => {},
      abort: async () => {},
    };
  }
  return {
    kind: 'commit-status',
    checkRunId: undefined,
    appId: undefined,
    finish: (verdict, text) => report(logger, () => status(STATE[verdict], text.title)),
    abort: (message) => report(logger, () => status('error', `Validation could not finish: ${message}`)),
  };
}

function details(input: ReporterInput): { detailsUrl?: string } {
  return input.detailsUrl ? { detailsUrl: input.detailsUrl } : {};
}

async function report(logger: Logger, post: () => Promise<unknown>): Promise<void> {
  try {
    await post();
  } catch (error) {
    logger.warning(`validation: could not post the verdict to GitHub: ${githubMessage(error)}`);
  }
}

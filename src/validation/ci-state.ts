import type { CheckRunInfo, CheckSuiteInfo, CommitStatusInfo } from '../github/index.js';
import type { FailingCheck } from './verdict.js';

/** Conclusions that let a PR through; every other conclusion of a completed check fails it. */
const PASSING = new Set(['success', 'neutral', 'skipped']);

export interface CiSnapshot {
  runs: CheckRunInfo[];
  suites: CheckSuiteInfo[];
  statuses: CommitStatusInfo[];
}

/** What belongs to this validation itself and must never be waited for. */
export interface OwnChecks {
  checkRunName: string;
  statusContext: string;
  checkRunIds: ReadonlySet<number>;
  /** Our App, when it is not GitHub Actions (whose suites also hold real CI). */
  appId?: number;
  /** GITHUB_RUN_ID of the job doing the validation: its own jobs are check runs on the same commit. */
  workflowRunId?: string;
}

export interface CiAssessment {
  state: 'pending' | 'passed' | 'failed';
  failing: FailingCheck[];
  pending: string[];
  passed: string[];
  /** Suites with no runs that are not complete: Apps that may never report. */
  emptySuites: string[];
  /** Whether any check or status other than ours exists on the commit. */
  seenAny: boolean;
}

const SUMMARY_LIMIT = 500;

function isOwnRun(run: CheckRunInfo, own: OwnChecks): boolean {
  if (own.checkRunIds.has(run.id) || run.name === own.checkRunName) return true;
  if (own.workflowRunId) {
    const ofOurRun = new RegExp(`/actions/runs/${own.workflowRunId}(?:[/?#]|$)`);
    if (ofOurRun.test(run.detailsUrl ?? '') || ofOurRun.test(run.url ?? '')) return true;
  }
  return false;
}

const clip = (text: string | null) =>
  text ? (text.length > SUMMARY_LIMIT ? `${text.slice(0, SUMMARY_LIMIT)}…` : text) : undefined;

function suiteLabel(suite: CheckSuiteInfo): string {
  return `${suite.app?.name ?? 'unknown app'} (check suite ${suite.id})`;
}

/**
 * Where CI stands on one commit: every check run, check suite and commit status except this
 * validation's own. A suite is judged by its runs when it has some (ours excluded; a suite holding
 * only ours is ignored), by its own conclusion when it completed without any.
 */
export function assessCi(snapshot: CiSnapshot, own: OwnChecks): CiAssessment {
  const failing: FailingCheck[] = [];
  const pending: string[] = [];
  const passed: string[] = [];
  const emptySuites: string[] = [];
  let seenAny = false;

  const foreignRuns = snapshot.runs.filter((run) => !isOwnRun(run, own));
  for (const run of foreignRuns) {
    seenAny = true;
    if (run.status !== 'completed') pending.push(run.name);
    else if (run.conclusion !== null && PASSING.has(run.conclusion)) passed.push(run.name);
    else
      failing.push({
        name: run.name,
        conclusion: run.conclusion ?? 'unknown',
        ...(clip(run.summary ?? run.title) ? { summary: clip(run.summary ?? run.title) } : {}),
        ...(run.url ? { url: run.url } : {}),
      });
  }

  for (const suite of snapshot.suites) {
    const runs = snapshot.runs.filter((run) => run.suiteId === suite.id);
    if (runs.length > 0) continue; // judged through its runs above (or wholly ours)
    if (suite.checkRunsCount === 0 && own.appId !== undefined && suite.app?.id === own.appId) continue;
    seenAny = true;
    const label = suiteLabel(suite);
    if (suite.status === 'completed') {
      if (suite.conclusion === null || PASSING.has(suite.conclusion)) passed.push(label);
      else failing.push({ name: label, conclusion: suite.conclusion });
    } else if (suite.checkRunsCount === 0) {
      emptySuites.push(label);
    } else {
      pending.push(label);
    }
  }

  for (const status of snapshot.statuses) {
    if (status.context === own.statusContext) continue;
    seenAny = true;
    if (status.state === 'pending') pending.push(status.context);
    else if (status.state === 'success') passed.push(status.context);
    else
      failing.push({
        name: status.context,
        conclusion: status.state,
        ...(status.description ? { summary: status.description } : {}),
        ...(status.targetUrl ? { url: status.targetUrl } : {}),
      });
  }

  const state =
    failing.length > 0
      ? 'failed'
      : pending.length > 0 || emptySuites.length > 0 || !seenAny
        ? 'pending'
        : 'passed';
  return { state, failing, pending, passed, emptySuites, seenAny };
}

import type { IssueRecord } from '../ledger/index.js';
import type { RunStatus } from '../report/index.js';
import { loggedFallback } from '../util/logged-fallback.js';
import type { ModeContext, ModeOutcome } from './context.js';
import { orchestrateIssue } from './orchestrate-issue.js';
import { defaultBranchOf, runStatusOf, totalsOf } from './work.js';

const IN_FLIGHT = new Set(['planning', 'running', 'waiting']);
const LANDING = new Set(['succeeded', 'partial']);

/**
 * `reconcile`: carry every issue in flight forward from the ledger: follow runs that finished,
 * start tasks that became ready, and update the reports. What `check_suite` / `workflow_run`
 * events and the matrix's final job run (a plan fanned out over a job matrix).
 */
export async function reconcileMode(context: ModeContext): Promise<ModeOutcome> {
  const { runtime } = context;
  const only = context.decision.issue;
  const wanted = only ? (only.kind === 'linear' ? only.identifier : `#${only.number}`) : undefined;
  // With a merge policy, validated issues are in flight until their PRs land.
  const landing = (r: IssueRecord) =>
    context.config.merge.policy !== 'off' && !r.landing && LANDING.has(r.status);
  const records = (await runtime.ledger.listIssues()).filter((r) =>
    wanted ? r.issue.identifier === wanted : (IN_FLIGHT.has(r.status) || landing(r)) && r.plan,
  );
  if (records.length === 0) {
    return {
      status: 'skipped',
      decisions: [
        wanted ? `${wanted} has no record in the ledger` : 'no issue is in flight; nothing to reconcile',
      ],
    };
  }
  await runtime.prepareExecution();
  const base = await defaultBranchOf(runtime);
  const finished: IssueRecord[] = [];
  for (const record of records) {
    if (!record.plan) continue;
    const plan = record.plan;
    const work = { ref: record.issue, body: '', linear: await linearContext(context, record) };
    const after = await orchestrateIssue(
      context,
      work,
      plan,
      record.strategy ?? context.config.strategy,
      base,
      record,
    );
    finished.push(after);
  }
  const last = finished.at(-1);
  const totals = finished.map(totalsOf);
  return {
    status: combined(finished.map(runStatusOf)),
    decisions: finished.map((r) => `${r.issue.identifier}: ${r.status}`),
    issue: last
      ? { identifier: last.issue.identifier, title: last.issue.title, url: last.issue.url }
      : undefined,
    plan: last?.plan,
    pullRequests: totals.flatMap((t) => t.pullRequests),
    totalCostUsd: totals.reduce((sum, t) => sum + t.totalCostUsd, 0),
    work: last ? { record: last } : undefined,
  };
}

async function linearContext(context: ModeContext, record: IssueRecord) {
  const linear = await context.runtime.linear();
  if (!linear || !record.issue.linearIssueId) return undefined;
  return linear
    .getIssueContext(record.issue.linearIssueId)
    .catch(
      loggedFallback(
        context.logger,
        `Reconcile: reading ${record.issue.identifier} in Linear`,
        undefined,
        'reporting on GitHub only',
      ),
    );
}

/** One status for several issues: the worst wins, pending over success. */
export function combined(statuses: RunStatus[]): RunStatus {
  for (const status of ['failure', 'partial', 'pending', 'success'] as const)
    if (statuses.includes(status)) return status;
  return 'skipped';
}

import { UserError } from '../util/errors.js';
import { loggedFallback } from '../util/logged-fallback.js';
import type { ModeContext, ModeOutcome } from './context.js';
import { claimWork, orchestrateIssue } from './orchestrate-issue.js';
import {
  defaultBranchOf,
  draftRecord,
  estimatesFor,
  matrixOf,
  planFor,
  runStatusOf,
  totalsOf,
} from './work.js';
import { resolveWorkIssue, type WorkIssue } from './work-issue.js';

const DONE = new Set(['succeeded', 'failed', 'partial']);

/** `run`: claim the issue, plan it (or continue its plan), orchestrate it, report. */
export async function runMode(context: ModeContext): Promise<ModeOutcome> {
  const work = await issueOf(context);
  if (context.job.dryRun) return dryRun(context, work);
  const { runtime, logger } = context;
  const claim = await claimWork(context, work);
  const base = outcomeBase(work);
  if (!claim.created && DONE.has(claim.record.status)) {
    // A re-delivered label or a re-run: the work is done; nothing is dispatched again.
    logger.info(
      `Claim: ${work.ref.identifier} was already worked on by run ${claim.record.claimedBy.runId} (${claim.record.status}); nothing new to do`,
    );
    return {
      ...base,
      status: runStatusOf(claim.record),
      decisions: [
        `${work.ref.identifier} was already worked on by run ${claim.record.claimedBy.runId}; nothing was dispatched again`,
      ],
      plan: claim.record.plan,
      ...totalsOf(claim.record),
      work: { record: claim.record },
    };
  }
  logger.info(
    claim.created
      ? `Claim: ${work.ref.identifier} claimed by run ${claim.record.claimedBy.runId}`
      : `Claim: continuing ${work.ref.identifier}, claimed by run ${claim.record.claimedBy.runId}`,
  );
  const plan = await planFor(context, runtime, work, claim.record.plan);
  await runtime.prepareExecution();
  const record = await orchestrateIssue(
    context,
    work,
    plan,
    context.config.strategy,
    await defaultBranchOf(runtime),
  );
  const decisions = [
    ...(work.githubOnlyReason ? [`Reporting on GitHub only: ${work.githubOnlyReason}`] : []),
  ];
  for (const task of Object.values(record.tasks)) if (task.note) decisions.push(`${task.id}: ${task.note}`);
  return { ...base, status: runStatusOf(record), decisions, plan, ...totalsOf(record), work: { record } };
}

async function dryRun(context: ModeContext, work: WorkIssue): Promise<ModeOutcome> {
  const existing = await context.runtime.ledger
    .readIssue(work.ref.identifier)
    .catch(
      loggedFallback(
        context.logger,
        'Dry run: reading the ledger',
        null,
        'planning as if nothing was recorded',
      ),
    );
  const plan = await planFor(context, context.runtime, work, existing?.plan);
  const estimates = await estimatesFor(context, context.runtime, plan);
  const now = new Date(context.clock.now()).toISOString();
  const total = Object.values(estimates).reduce((sum, e) => sum + e.usd, 0);
  return {
    ...outcomeBase(work),
    status: 'success',
    decisions: [
      `dry run: planned and priced (about $${total.toFixed(2)}, an estimate); nothing was written or dispatched`,
    ],
    plan,
    matrix: matrixOf(work.ref.identifier, plan),
    totalCostUsd: 0,
    work: { record: draftRecord(work.ref, plan, context.config.strategy, now), dryRun: true, estimates, now },
  };
}

export async function issueOf(context: ModeContext): Promise<WorkIssue> {
  const target = context.decision.issue;
  if (!target) {
    throw new UserError(
      `Mode "${context.decision.mode}" needs an issue: set the \`issue\` input to a Linear identifier (ENG-123) or a GitHub issue number.`,
    );
  }
  return resolveWorkIssue(target, context.runtime.github, await context.runtime.linear(), context.logger);
}

export function outcomeBase(work: WorkIssue): Pick<ModeOutcome, 'linearIssue' | 'issue'> {
  return {
    linearIssue: work.linear?.identifier,
    issue: { identifier: work.ref.identifier, title: work.ref.title, url: work.ref.url },
  };
}

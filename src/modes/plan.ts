import type { ModeContext, ModeOutcome } from './context.js';
import { claimWork } from './orchestrate-issue.js';
import { issueOf, outcomeBase } from './run.js';
import { defaultBranchOf, draftRecord, estimatesFor, matrixOf, orchestratorFor, planFor } from './work.js';

/**
 * `plan`: plan the issue, record the plan in the ledger (so every `execute` job works on the same
 * one) and output it with the `matrix` (a plan fanned out over a job matrix). With dry-run, nothing is recorded.
 */
export async function planMode(context: ModeContext): Promise<ModeOutcome> {
  const { runtime } = context;
  const work = await issueOf(context);
  const dryRun = context.job.dryRun;
  const existing = await runtime.ledger.readIssue(work.ref.identifier).catch((error: unknown) => {
    if (dryRun) return null;
    throw error;
  });
  const plan = await planFor(context, runtime, work, existing?.plan);
  const estimates = await estimatesFor(context, runtime, plan);
  const now = new Date(context.clock.now()).toISOString();
  let record = draftRecord(work.ref, plan, context.config.strategy, now);
  if (!dryRun) {
    await claimWork(context, work);
    record = await orchestratorFor(context, runtime, await defaultBranchOf(runtime)).recordPlan({
      issue: work.ref,
      plan,
      strategyName: context.config.strategy,
    });
  }
  const recorded = record.plan ?? plan;
  return {
    ...outcomeBase(work),
    status: 'success',
    decisions: [
      dryRun
        ? 'dry run: the plan was not recorded'
        : `plan recorded in the ledger; ${recorded.tasks.length} matrix entries`,
    ],
    plan: recorded,
    matrix: matrixOf(work.ref.identifier, recorded),
    totalCostUsd: 0,
    work: { record, dryRun: true, estimates, now },
  };
}

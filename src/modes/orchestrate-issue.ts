import type { Plan } from '../domain/index.js';
import type { ClaimResult, IssueRecord } from '../ledger/index.js';
import { errorMessage } from '../util/errors.js';
import { agentSessionFor } from './agent-session.js';
import type { ModeContext } from './context.js';
import { landWork } from './land.js';
import { ProgressReporter } from './reporter.js';
import { pullRequestVerifier } from './verify.js';
import { orchestratorFor, runIdOf } from './work.js';
import type { WorkIssue } from './work-issue.js';

/** Claims the issue for this job in the ledger (an existing claim is returned untouched). */
export function claimWork(context: ModeContext, work: WorkIssue): Promise<ClaimResult> {
  const { ref } = work;
  return context.runtime.ledger.claimIssue(
    {
      identifier: ref.identifier,
      title: ref.title,
      url: ref.url,
      githubIssueNumber: ref.githubIssueNumber,
      linearIssueId: work.linear?.id,
    },
    runIdOf(context),
  );
}

/**
 * Runs (or carries on) an issue's plan with everything a job adds around the orchestrator: each
 * PR validated before its task counts as done, and the tracking comment and state kept current.
 */
export async function orchestrateIssue(
  context: ModeContext,
  work: WorkIssue,
  plan: Plan,
  strategyName: string,
  baseBranch: string,
  /** The record as this job found it (reconcile), so an unchanged issue is not reported again. */
  found?: IssueRecord,
): Promise<IssueRecord> {
  const { runtime, logger } = context;
  const linear = await runtime.linear();
  // The session streams every decision; the tracking comment stays the summary at three moments.
  const session = await agentSessionFor(context, work, linear, found);
  const reporter = new ProgressReporter({
    work,
    github: runtime.github,
    linear,
    ledger: runtime.ledger,
    config: context.config,
    clock: context.clock,
    logger,
    runUrl: context.runUrl,
    holdFinal: context.config.merge.policy !== 'off',
    reportedAsOf: found?.updatedAt,
  });
  const verify = pullRequestVerifier(context, runtime, work.ref.identifier);
  const orchestrator = orchestratorFor(
    context,
    runtime,
    baseBranch,
    verify,
    async (record) => {
      await session?.observe(record);
      await reporter.observe(record);
    },
    session && (() => session.stopReason()),
  );
  try {
    const record = await logger.group(
      `Orchestrating ${work.ref.identifier}: ${plan.tasks.length} task(s) with ${strategyName}`,
      () => orchestrator.run({ issue: work.ref, plan, strategyName }),
    );
    // With a merge policy, the validated PRs land before the last report, which then says so.
    const landed = await landWork(context, record, baseBranch);
    await reporter.finish(landed);
    await session?.finish(landed);
    return landed;
  } catch (error) {
    await session?.fail(errorMessage(error));
    throw error;
  }
}

import type { Plan } from '../domain/index.js';
import type { IssueRecord, TaskRecord } from '../ledger/index.js';
import { landIssue, landingOf, OctokitMergeGateway } from '../merge/index.js';
import { withTask } from '../orchestrator/task-records.js';
import { errorMessage } from '../util/errors.js';
import { loggedFallback } from '../util/logged-fallback.js';
import type { ModeContext } from './context.js';
import { ProgressReporter } from './reporter.js';
import { pullRequestVerifier, validate } from './verify.js';
import { defaultBranchOf, orchestratorFor } from './work.js';

/** Logins of Linear's GitHub sync: an issue they opened is the Linear issue's twin. */
const SYNC_BOTS = new Set(['linear[bot]', 'linear-code[bot]', 'linear']);

/**
 * With a merge policy, lands the issue's validated PRs (dependency order, safety rules, retarget
 * and revalidate) and, when every PR is in, records that the loop is closed and closes the GitHub
 * twin Linear's sync opened. `merge: off` returns the record untouched.
 */
export async function landWork(
  context: ModeContext,
  record: IssueRecord,
  baseBranch: string,
): Promise<IssueRecord> {
  const { config, runtime, logger, clock } = context;
  const policy = config.merge.policy;
  if (policy === 'off' || !record.plan) return record;
  const plan = record.plan;
  const identifier = record.issue.identifier;
  const gateway = new OctokitMergeGateway(runtime.githubClient, runtime.github.repository);
  let landed: IssueRecord;
  try {
    ({ record: landed } = await logger.group(`Merging ${identifier} (merge: ${policy})`, () =>
      landIssue(
        {
          gateway,
          checks: runtime.github,
          ledger: runtime.ledger,
          clock,
          logger,
          policy,
          method: config.merge.method,
          baseBranch,
          revalidate: config.concurrency.wait ? (task) => revalidate(context, identifier, task) : undefined,
          sendBack: (task, evidence) => sendBack(context, record, plan, baseBranch, task, evidence),
        },
        identifier,
      ),
    ));
  } catch (error) {
    // Landing never fails the work: the PRs stay validated, and the next event tries again.
    logger.warning(`Merge: ${identifier}: ${errorMessage(error)}`);
    return (await runtime.ledger.readIssue(identifier)) ?? record;
  }
  const now = new Date(clock.now()).toISOString();
  const landing = landed.landing ? undefined : landingOf(landed, now);
  if (!landing) return landed;
  logger.info(`Merge: ${identifier}: ${landing.reason}`);
  const closed = await runtime.ledger.updateIssue(identifier, (r) => ({ ...r, landing }));
  if (landing.outcome === 'completed') await closeTwin(context, closed);
  return closed;
}

/**
 * Landing after a PR event (a revalidation's verdict recorded): the merge pass, then the tracking
 * comment's update when the pass changed anything.
 */
export async function landAfterEvent(context: ModeContext, record: IssueRecord): Promise<IssueRecord> {
  if (context.config.merge.policy === 'off' || !record.plan) return record;
  const { runtime } = context;
  const landed = await landWork(context, record, await defaultBranchOf(runtime));
  const changed =
    JSON.stringify([landed.tasks, landed.landing]) !== JSON.stringify([record.tasks, record.landing]);
  if (!changed) return landed;
  const linear = await runtime.linear();
  const context_ =
    linear && landed.issue.linearIssueId
      ? await linear
          .getIssueContext(landed.issue.linearIssueId)
          .catch(
            loggedFallback(
              context.logger,
              'Merge: reading the Linear issue',
              undefined,
              'reporting on GitHub only',
            ),
          )
      : undefined;
  const reporter = new ProgressReporter({
    work: { ref: landed.issue, body: '', linear: context_ },
    github: runtime.github,
    linear,
    ledger: runtime.ledger,
    config: context.config,
    clock: context.clock,
    logger: context.logger,
    runUrl: context.runUrl,
  });
  await reporter.finish(landed);
  return landed;
}

async function revalidate(
  context: ModeContext,
  identifier: string,
  task: TaskRecord,
): Promise<'passed' | 'failed' | 'pending'> {
  if (!task.pullRequest) return 'pending';
  const verdict = await validate(context, context.runtime, task.pullRequest.number, {
    issue: identifier,
    task: { id: task.id, title: task.title },
  });
  if (verdict.verdict === 'passed' || verdict.verdict === 'skipped') return 'passed';
  return verdict.verdict === 'failed' ? 'failed' : 'pending';
}

/** A conflict goes back to the executor that wrote the PR, within the fix attempts the config allows. */
async function sendBack(
  context: ModeContext,
  record: IssueRecord,
  plan: Plan,
  baseBranch: string,
  task: TaskRecord,
  evidence: string,
): Promise<boolean> {
  const { config, runtime, logger } = context;
  const used = task.merge?.reworks ?? 0;
  const session = task.attempts.at(-1)?.sessionId;
  if (config.validation.fixAttempts <= used || !session || !runtime.registry.get(task.executor ?? ''))
    return false;
  logger.info(
    `Merge: ${task.id}: sending the conflict back to ${task.executor} (fix ${used + 1} of ${config.validation.fixAttempts})`,
  );
  await runtime.prepareExecution();
  // The follow-up starts from the base branch now: its prerequisites are merged there.
  await runtime.ledger.updateIssue(record.issue.identifier, (r) => {
    const current = r.tasks[task.id];
    return current ? withTask(r, task.id, { ...current, baseBranch }) : r;
  });
  const verify = pullRequestVerifier(context, runtime, record.issue.identifier);
  const orchestrator = orchestratorFor(context, runtime, baseBranch, verify);
  // Awaited: with `wait`, the job follows the fix (within its deadline); without, the dispatch returns.
  await orchestrator
    .rework(
      { issue: record.issue, plan, strategyName: record.strategy ?? config.strategy },
      task.id,
      evidence,
    )
    .catch((error: unknown) =>
      logger.warning(`Merge: ${task.id}: the fix attempt failed: ${errorMessage(error)}`),
    );
  return true;
}

async function closeTwin(context: ModeContext, record: IssueRecord): Promise<void> {
  const { runtime, logger } = context;
  const number = record.issue.githubIssueNumber;
  if (number === undefined || !record.issue.linearIssueId) return;
  const issue = await runtime.github
    .getIssue(number)
    .catch(loggedFallback(logger, `Merge: reading issue #${number}`, null, 'it is left open'));
  if (!issue || issue.state === 'closed' || !SYNC_BOTS.has((issue.author ?? '').toLowerCase())) return;
  const gateway = new OctokitMergeGateway(runtime.githubClient, runtime.github.repository);
  const closed = await gateway.closeIssue(number);
  logger.info(
    closed.ok
      ? `Merge: closed GitHub issue #${number}, which Linear's sync opened`
      : `Merge: could not close GitHub issue #${number}: ${closed.message}`,
  );
}

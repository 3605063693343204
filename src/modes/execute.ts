import { z } from 'zod';
import { parseIssueInput } from '../events/index.js';
import { UserError } from '../util/errors.js';
import type { ModeContext, ModeOutcome } from './context.js';
import { pullRequestVerifier } from './verify.js';
import { defaultBranchOf, orchestratorFor, runStatusOf, totalsOf } from './work.js';

const MatrixEntry = z.object({
  issue: z.string().min(1),
  task: z.string().min(1),
  title: z.string().optional(),
});

/** The `task` input: a task id (with the `issue` input), or the JSON of one matrix entry. */
export function parseTaskInput(
  task: string | undefined,
  issue: string | undefined,
): { issue: string; task: string } {
  if (!task)
    throw new UserError(
      'Mode "execute" runs one task: set the `task` input to `${{ toJson(matrix) }}` or a task id.',
    );
  const trimmed = task.trim();
  if (trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      throw new UserError(
        'The `task` input starts like JSON but is not valid JSON; pass `${{ toJson(matrix) }}` of one matrix entry.',
      );
    }
    const entry = MatrixEntry.safeParse(json);
    if (!entry.success)
      throw new UserError(
        'The `task` input JSON is not a matrix entry: it needs "issue" and "task" (as the `matrix` output of plan mode gives them).',
      );
    return { issue: entry.data.issue, task: entry.data.task };
  }
  if (!issue)
    throw new UserError(
      'With a plain task id in `task`, set the `issue` input too (ENG-123 or a GitHub issue number).',
    );
  const target = parseIssueInput(issue);
  if (!target)
    throw new UserError(
      `The \`issue\` input "${issue}" is neither a Linear identifier nor a GitHub issue number.`,
    );
  return { issue: target.kind === 'linear' ? target.identifier : `#${target.number}`, task: trimmed };
}

/** `execute`: run exactly one task of a recorded plan on this runner and record it (a plan fanned out over a job matrix). */
export async function executeMode(context: ModeContext): Promise<ModeOutcome> {
  const { runtime, logger } = context;
  const wanted = parseTaskInput(context.job.task, context.job.issue);
  const record = await runtime.ledger.readIssue(wanted.issue);
  if (!record?.plan) {
    throw new UserError(
      `${wanted.issue} has no recorded plan in the ledger; run a \`mode: plan\` job first and pass its matrix to this one.`,
    );
  }
  await runtime.prepareExecution();
  const orchestrator = orchestratorFor(
    context,
    runtime,
    await defaultBranchOf(runtime),
    pullRequestVerifier(context, runtime, record.issue.identifier),
  );
  const result = await orchestrator.runTask(
    { issue: record.issue, plan: record.plan, strategyName: record.strategy ?? context.config.strategy },
    wanted.task,
  );
  logger.info(`Execute: ${wanted.issue} task ${wanted.task}: ${result.reason}`);
  const task = result.record.tasks[wanted.task];
  const status = !result.ran
    ? 'pending'
    : task?.state === 'succeeded'
      ? 'success'
      : task?.state === 'failed'
        ? 'failure'
        : runStatusOf(result.record);
  return {
    status,
    decisions: [`task ${wanted.task}: ${result.reason}`],
    issue: { identifier: record.issue.identifier, title: record.issue.title, url: record.issue.url },
    plan: record.plan,
    ...totalsOf(result.record),
    work: { record: result.record },
  };
}

import type { IssueRef, Plan } from '../domain/index.js';
import type { IssueRecord } from '../ledger/index.js';
import {
  candidatesFor,
  historyFrom,
  type OrchestratorSettings,
  strategyPolicy,
  TaskOrchestrator,
  type VerifyPullRequest,
} from '../orchestrator/index.js';
import { planIssue } from '../planner/index.js';
import type { RunStatus, TaskEstimate } from '../report/index.js';
import { errorMessage, UserError } from '../util/errors.js';
import type { ModeContext } from './context.js';
import type { Runtime } from './runtime.js';
import type { WorkIssue } from './work-issue.js';

/** This job's id in the ledger: GITHUB_RUN_ID on a runner. */
export function runIdOf(context: ModeContext): string {
  return context.job.run.id ?? `local-${context.clock.now()}`;
}

/** The `matrix` output (the design's core abstractions): one entry per task, for `strategy.matrix` of an execute job. */
export function matrixOf(
  issue: string,
  plan: Plan,
): { include: { issue: string; task: string; title: string }[] } {
  return { include: plan.tasks.map((t) => ({ issue, task: t.id, title: t.title })) };
}

/** The recorded plan when there is one (a re-run continues it), else a new one from Claude Code. */
export async function planFor(
  context: ModeContext,
  runtime: Runtime,
  work: WorkIssue,
  recorded?: Plan,
): Promise<Plan> {
  if (recorded) {
    context.logger.info(
      `Plan: ${work.ref.identifier} already has a plan in the ledger (${recorded.tasks.length} tasks); continuing it`,
    );
    return recorded;
  }
  if (!runtime.hasClaude) {
    throw new UserError(
      'Planning needs Claude Code: set the `anthropic-api-key` (or `claude-code-oauth-token`) input.',
    );
  }
  // The planner reads the checkout: the token actions/checkout persisted must be gone first (a security rule).
  await runtime.prepareCheckout();
  const plan = await context.logger.group(`Planning ${work.ref.identifier}`, async () =>
    planIssue({
      issue: { identifier: work.ref.identifier, title: work.ref.title, body: work.body },
      repoDir: context.job.workspace,
      maxSubtasks: context.config.planner.maxSubtasks,
      claude: {
        binary: await runtime.claude(),
        env: runtime.claudeEnv(),
        model: context.config.claude.model,
        maxTurns: context.config.planner.maxTurns,
      },
      deadline: context.clock.now() + 15 * 60_000,
      logger: context.logger,
      clock: context.clock,
    }),
  );
  context.logger.info(
    `Plan: ${plan.tasks.length} task(s): ${plan.tasks.map((t) => `${t.id} (${t.kind}, ${t.size})`).join(', ')}`,
  );
  return plan;
}

/** What each task would get and cost, for dry runs and plan mode. Reads the ledger, writes nothing. */
export async function estimatesFor(
  context: ModeContext,
  runtime: Runtime,
  plan: Plan,
): Promise<Record<string, TaskEstimate>> {
  const records = await runtime.ledger.listIssues().catch((error: unknown) => {
    context.logger.debug(`Estimates: no ledger history (${errorMessage(error)}); typical costs are used`);
    return [];
  });
  const history = historyFrom(records);
  const registry = await runtime.executors();
  const policy = strategyPolicy(context.config.strategy);
  const estimates: Record<string, TaskEstimate> = {};
  for (const task of plan.tasks) {
    const candidates = candidatesFor(registry, task, history);
    const choice = policy.choose({
      task,
      candidates,
      maxCostPerTaskUsd: context.config.budget.maxCostPerTask,
    });
    const chosen = candidates.find((c) => c.name === choice.executor);
    estimates[task.id] = chosen
      ? { executor: chosen.name, usd: chosen.expectedCostUsd, reason: choice.reason }
      : { executor: 'none', usd: 0, reason: choice.reason };
    context.logger.info(`Task ${task.id} → ${estimates[task.id]?.executor}: ${choice.reason}`);
  }
  return estimates;
}

export function orchestratorFor(
  context: ModeContext,
  runtime: Runtime,
  baseBranch: string,
  verify?: VerifyPullRequest,
  onRecord?: (record: IssueRecord) => Promise<void>,
  shouldStop?: () => Promise<string | undefined>,
): TaskOrchestrator {
  const { config, clock, logger, job } = context;
  const settings: OrchestratorSettings = {
    maxParallel: config.concurrency.maxParallel,
    maxCostPerTaskUsd: config.budget.maxCostPerTask,
    maxCostPerDayUsd: config.budget.maxCostPerDay,
    fixAttempts: config.validation.fixAttempts,
    dependencyGate: config.concurrency.dependencyGate,
    baseBranch,
    wait: config.concurrency.wait,
    deadline: clock.now() + config.concurrency.waitTimeoutMinutes * 60_000,
    runId: runIdOf(context),
    workingDirectory: job.workspace,
    repository: job.repository,
  };
  return new TaskOrchestrator(
    {
      ledger: runtime.ledger,
      registry: runtime.registry,
      strategy: strategyPolicy(config.strategy),
      findPullRequest: async (branch) => {
        const pr = await runtime.github.findPullRequestByBranch(branch);
        return pr ? { number: pr.number, url: pr.url, headBranch: pr.headRef, title: pr.title } : null;
      },
      verify,
      clock,
      logger,
      onRecord,
      shouldStop,
    },
    settings,
  );
}

/** The action's status output from the issue's status in the ledger. */
export function runStatusOf(record: IssueRecord): RunStatus {
  switch (record.status) {
    case 'succeeded':
      return 'success';
    case 'partial':
      return 'partial';
    case 'failed':
      return 'failure';
    default:
      return 'pending';
  }
}

export function totalsOf(record: IssueRecord): { pullRequests: string[]; totalCostUsd: number } {
  const tasks = Object.values(record.tasks);
  return {
    pullRequests: tasks.flatMap((t) => (t.pullRequest ? [t.pullRequest.url] : [])),
    totalCostUsd: tasks.flatMap((t) => t.attempts).reduce((sum, a) => sum + (a.costUsd ?? 0), 0),
  };
}

/** A synthetic record for reports of runs that wrote no ledger (dry runs). */
export function draftRecord(issue: IssueRef, plan: Plan, strategy: string, now: string): IssueRecord {
  const tasks: IssueRecord['tasks'] = {};
  for (const t of plan.tasks)
    tasks[t.id] = { id: t.id, title: t.title, state: 'pending', attempts: [], updatedAt: now };
  return {
    schema: 1,
    issue,
    claimedBy: { runId: 'dry-run', at: now },
    status: 'planning',
    strategy,
    plan,
    tasks,
    tracking: {},
    createdAt: now,
    updatedAt: now,
  };
}

/** Asked once per job: a repository's default branch does not change under a running job. */
const defaultBranches = new WeakMap<Runtime, Promise<string>>();

export function defaultBranchOf(runtime: Runtime): Promise<string> {
  let branch = defaultBranches.get(runtime);
  if (!branch) {
    branch = runtime.githubClient.rest.repos
      .get({ ...runtime.github.repository })
      .then(({ data }) => data.default_branch);
    branch.catch(() => defaultBranches.delete(runtime));
    defaultBranches.set(runtime, branch);
  }
  return branch;
}

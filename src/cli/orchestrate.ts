import { STRATEGIES, type Strategy } from '../config/index.js';
import { didYouMean } from '../config/suggest.js';
import { failedJob, type JobResult, runJob } from '../modes/index.js';
import type { JobReport } from '../report/index.js';
import { UserError } from '../util/errors.js';
import {
  type CommandContext,
  type CommandInput,
  type CommandSpec,
  EXIT,
  type OptionSpec,
  UsageError,
} from './command.js';
import { readCliEnvironment, resolveRepository } from './env.js';
import { terminalJobSettings } from './job-settings.js';

const SHARED_OPTIONS: Record<string, OptionSpec> = {
  repo: {
    type: 'string',
    value: 'OWNER/NAME',
    description: 'the GitHub repository (default GITHUB_REPOSITORY or the origin remote)',
  },
  strategy: {
    type: 'string',
    value: 'NAME',
    description: 'local-only, cloud-only, hybrid-smart, hybrid-parallel or cost-optimized',
  },
  'ledger-dir': {
    type: 'string',
    value: 'DIR',
    description: 'keep the ledger in a local directory instead of the state branch',
  },
};

/**
 * `cyrus plan` and `cyrus run` are the action's job, started from a terminal: the flags, the
 * environment and the config file become the job's typed settings, and the same runJob does the
 * work. Nothing here decides anything the action would not.
 */
async function runFromTerminal(
  ctx: CommandContext,
  input: CommandInput,
  mode: 'plan' | 'run',
  dryRun: boolean,
): Promise<number> {
  const issue = input.positionals[0];
  if (!issue)
    throw new UsageError(
      `cyrus ${mode} needs an issue: a Linear identifier (ENG-123) or a GitHub issue number`,
    );
  // Arguments first: a wrong flag is a usage error before any repository or token is looked for.
  const strategy = strategyFlag(input);
  const env = readCliEnvironment(ctx.env);
  const repo = await resolveRepository(flag(input, 'repo'), ctx.env, ctx.cwd);
  if (!repo)
    throw new UserError(
      'Which repository? Pass --repo owner/name, set GITHUB_REPOSITORY, or run inside a clone with a GitHub origin.',
    );
  const githubToken = env.githubToken;
  if (!githubToken)
    throw new UserError(
      'Set GITHUB_TOKEN (or GH_TOKEN) to a token that can read the repository and its issues.',
    );
  let result: JobResult;
  try {
    const settings = await terminalJobSettings(ctx, {
      mode,
      issue,
      dryRun,
      strategy,
      ledgerDir: flag(input, 'ledger-dir'),
      repository: repo.repository,
      environment: { ...env, githubToken },
    });
    result = await runJob(settings, { clock: ctx.clock, logger: ctx.logger, env: ctx.env });
  } catch (error) {
    const report: JobReport = {
      status: 'failure',
      trigger: { event: `cyrus ${mode}`, decision: 'not decided' },
      decisions: [],
    };
    result = failedJob(error, report, ctx.logger);
  }
  const { outputs, report, failure } = result;
  if (ctx.json) {
    ctx.io.out(
      JSON.stringify({ ...outputs, summary: undefined, estimates: report.work?.estimates ?? {} }, null, 2),
    );
  } else {
    ctx.io.out(renderPlanText(report));
  }
  if (failure) {
    if (!ctx.json) ctx.io.err(`✗ ${failure}`);
    return EXIT.failure;
  }
  return outputs.status === 'failure' ? EXIT.failure : EXIT.ok;
}

function strategyFlag(input: CommandInput): Strategy | undefined {
  const strategy = flag(input, 'strategy');
  if (strategy === undefined) return undefined;
  const known = STRATEGIES.find((s) => s === strategy);
  if (known) return known;
  const suggestion = didYouMean(strategy, [...STRATEGIES]);
  throw new UsageError(
    `--strategy "${strategy}" is not a strategy${suggestion ? `; did you mean "${suggestion}"?` : ''} (one of ${STRATEGIES.join(', ')})`,
  );
}

/** The DAG, the executor each task gets and its cost, as lines a terminal shows well. */
export function renderPlanText(report: JobReport): string {
  const lines: string[] = [];
  const record = report.work?.record;
  if (report.issue) lines.push(`${report.issue.identifier}: ${report.issue.title ?? ''}`.trim());
  if (record?.plan) {
    lines.push(`Plan: ${record.plan.summary}`);
    for (const task of record.plan.tasks) {
      const estimate = report.work?.estimates?.[task.id];
      const own = record.tasks[task.id];
      const deps = task.dependsOn.length > 0 ? ` after ${task.dependsOn.join(', ')}` : '';
      const where = estimate
        ? `${estimate.executor} ~$${estimate.usd.toFixed(2)} (estimate)`
        : (own?.executor ?? '');
      lines.push(`  ${task.id} [${task.kind}, ${task.size}]${deps}: ${task.title}`);
      lines.push(
        `      → ${where}${own && own.state !== 'pending' ? `, ${own.state}` : ''}${own?.pullRequest ? ` ${own.pullRequest.url}` : ''}`,
      );
    }
    const estimates = Object.values(report.work?.estimates ?? {});
    if (estimates.length > 0)
      lines.push(`Estimated cost: ~$${estimates.reduce((s, e) => s + e.usd, 0).toFixed(2)}`);
  }
  lines.push(`Status: ${report.status}${report.strategy ? ` (strategy ${report.strategy.name})` : ''}`);
  for (const decision of report.decisions) lines.push(`  · ${decision}`);
  return lines.join('\n');
}

function flag(input: CommandInput, name: string): string | undefined {
  const value = input.values[name];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

export const planCommand: CommandSpec = {
  path: ['plan'],
  summary: 'plan an issue: the DAG, the executor each task would get, the cost estimate',
  args: '<issue>',
  description:
    'Plans the issue with Claude Code (read-only) exactly as the action does and prints the plan. With --dry-run nothing is written anywhere; without it the plan is recorded in the ledger for `execute` jobs.',
  options: {
    ...SHARED_OPTIONS,
    'dry-run': { type: 'boolean', description: 'plan and price only; write nothing anywhere' },
  },
  positionals: { min: 1, max: 1 },
  examples: ['cyrus plan ENG-123 --dry-run', 'cyrus plan 42 --repo acme/widgets --json'],
  run: (ctx, input) => runFromTerminal(ctx, input, 'plan', input.values['dry-run'] === true),
};

export const runCommand: CommandSpec = {
  path: ['run'],
  summary: "orchestrate an issue from a terminal, with the action's own core",
  args: '<issue>',
  description:
    "Claims the issue in the ledger, plans it, runs its tasks through the strategy's executors, validates the PRs and reports, as the action does on a runner. Credentials come from the environment (GITHUB_TOKEN, LINEAR_API_KEY, CODEGEN_API_TOKEN, CODEGEN_ORG_ID, ANTHROPIC_API_KEY).",
  options: {
    ...SHARED_OPTIONS,
    'dry-run': { type: 'boolean', description: 'plan and price only; write nothing anywhere' },
  },
  positionals: { min: 1, max: 1 },
  examples: ['cyrus run ENG-123', 'cyrus run 42 --strategy local-only --ledger-dir .cyrus-ledger'],
  run: (ctx, input) => runFromTerminal(ctx, input, 'run', input.values['dry-run'] === true),
};

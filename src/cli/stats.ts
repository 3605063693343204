import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULTS, loadConfigFile } from '../config/index.js';
import { runsOnRunner } from '../executors/index.js';
import { createGitHubClient, githubMessage, httpStatus } from '../github/index.js';
import { GitHubBranchStore, Ledger, type LedgerStore, LocalDirectoryStore } from '../ledger/index.js';
import { computeLedgerStats, STATS_PERIODS, type StatsPeriod } from '../ledger/stats.js';
import { computeTraceStats } from '../ledger/trace-stats.js';
import { errorMessage, UserError } from '../util/errors.js';
import { withTimeout } from '../util/timeout.js';
import {
  type CommandContext,
  type CommandInput,
  type CommandSpec,
  EXIT,
  printJson,
  stringOption,
  UsageError,
} from './command.js';
import { REPOSITORY_HINT, readCliEnvironment, resolveRepository } from './env.js';
import { secondsOption } from './options.js';
import { renderStatsHtml } from './stats-html.js';
import { renderStatsText } from './stats-text.js';
import { renderTraceStatsText } from './stats-traces.js';

export const statsCommand: CommandSpec = {
  path: ['stats'],
  summary: 'tasks, executors, success rate, cost, fallbacks and durations from the ledger',
  description:
    'Reads the ledger (the state branch through the GitHub API, or a local directory with --ledger-dir) and ' +
    'prints: Total tasks, the Local | Cloud split, Success rate, Total cost, then fallbacks, retries and ' +
    'durations. A task counts in the period its first attempt started in (whole UTC days ending today: day = ' +
    'today, week = 7 days, month = 30 days); it counts for the executor of its last attempt. The success ' +
    'rate is succeeded / (succeeded + failed). Codegen costs are estimates (its API reports no cost).\n\n' +
    '--html FILE also writes one self-contained page with charts: tasks per day by executor, cost per day ' +
    'against the daily cap (codegen.maxCostPerDay), success rate by executor and strategy.',
  options: {
    period: { type: 'string', value: STATS_PERIODS.join('|'), description: 'the window (default week)' },
    html: { type: 'string', value: 'FILE', description: 'also write an HTML page with charts to FILE' },
    'ledger-dir': {
      type: 'string',
      value: 'DIR',
      description: 'read a local ledger directory instead of GitHub',
    },
    repo: {
      type: 'string',
      value: 'OWNER/NAME',
      description: 'repository of the state branch (default: GITHUB_REPOSITORY, else the origin remote)',
    },
    'state-branch': {
      type: 'string',
      value: 'BRANCH',
      description: 'the ledger branch (default: ledger.stateBranch, else cyrus-state)',
    },
    timeout: {
      type: 'string',
      value: 'SECONDS',
      description: 'deadline for reading the ledger (default 60)',
    },
  },
  positionals: { min: 0, max: 0 },
  examples: ['cyrus stats --period week', 'cyrus stats --period all --json', 'cyrus stats --html stats.html'],
  run: runStats,
};

async function runStats(ctx: CommandContext, input: CommandInput): Promise<number> {
  const period = parsePeriod(stringOption(input, 'period'));
  const timeoutMs = secondsOption(input, 'timeout', 60);
  const htmlFile = stringOption(input, 'html');
  if (htmlFile !== undefined && htmlFile.trim() === '') throw new UsageError('--html needs a file name');

  const config = await loadConfigFile(ctx.cwd, ctx.configFile).catch((error: unknown) => {
    ctx.io.err(
      `warning: the config file does not load, so no daily cap is drawn: ${errorMessage(error).split('\n')[0]}`,
    );
    return undefined;
  });
  const store = await openStore(ctx, input, config?.config.ledger?.stateBranch, timeoutMs);
  const ledger = new Ledger(store, ctx.clock);
  const [issues, spend] = await withTimeout(`reading the ledger (${store.description})`, timeoutMs, () =>
    Promise.all([ledger.listIssues(), ledger.listSpend()]),
  ).catch((error: unknown) => {
    const status = httpStatus(error);
    if (status === undefined) throw error;
    throw new UserError(
      `GitHub answered ${status} while reading the ledger (${store.description}): ${githubMessage(error)}. ` +
        'Check GITHUB_TOKEN (it needs contents: read) and the repository.',
    );
  });
  const stats = computeLedgerStats({
    issues,
    spend,
    period,
    nowMs: ctx.clock.now(),
    runsOnRunner: (executor) => runsOnRunner(executor),
    maxCostPerDayUsd: config?.config.codegen?.maxCostPerDay,
  });

  if (htmlFile) {
    const target = path.resolve(ctx.cwd, htmlFile);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(
      target,
      renderStatsHtml(stats, {
        ledger: store.description,
        generatedAt: new Date(ctx.clock.now()).toISOString(),
      }),
    );
    ctx.io.err(`Wrote ${htmlFile}`);
  }
  const traces = computeTraceStats({ issues, period, nowMs: ctx.clock.now() });
  if (ctx.json) printJson(ctx, { ledger: store.description, ...stats, traces, html: htmlFile ?? null });
  else
    for (const line of [...renderStatsText(stats, store.description), ...renderTraceStatsText(traces)])
      ctx.io.out(line);
  return EXIT.ok;
}

async function openStore(
  ctx: CommandContext,
  input: CommandInput,
  configBranch: string | undefined,
  timeoutMs: number,
): Promise<LedgerStore> {
  const dir = stringOption(input, 'ledger-dir');
  if (dir !== undefined) {
    const root = path.resolve(ctx.cwd, dir);
    if (!existsSync(root) || !statSync(root).isDirectory()) {
      throw new UserError(`--ledger-dir ${dir} is not a directory (resolved to ${root}).`);
    }
    return new LocalDirectoryStore(root, ctx.clock);
  }
  const env = readCliEnvironment(ctx.env);
  const source = await resolveRepository(stringOption(input, 'repo'), ctx.env, ctx.cwd);
  if (!env.githubToken || !source) {
    throw new UserError(
      'cyrus stats reads the ledger from the state branch on GitHub, which needs ' +
        [!env.githubToken && 'GITHUB_TOKEN (or GH_TOKEN)', !source && `the repository (${REPOSITORY_HINT})`]
          .filter(Boolean)
          .join(' and ') +
        '; or pass --ledger-dir DIR for a local ledger.',
    );
  }
  const client = createGitHubClient({
    token: env.githubToken,
    baseUrl: env.githubApiUrl,
    timeoutMs: Math.min(timeoutMs, 30_000),
    logger: ctx.logger,
  });
  const branch = stringOption(input, 'state-branch') ?? configBranch ?? DEFAULTS.stateBranch;
  return new GitHubBranchStore(client, source.repository, branch);
}

function parsePeriod(text: string | undefined): StatsPeriod {
  if (text === undefined) return 'week';
  if ((STATS_PERIODS as readonly string[]).includes(text)) return text as StatsPeriod;
  throw new UsageError(`--period must be one of ${STATS_PERIODS.join(', ')}, found "${text}"`);
}

import type { Plan } from '../domain/index.js';
import { type ModeDecision, resolveMode, type WorkMode } from '../events/index.js';
import type { GitHubGateway } from '../github/index.js';
import { type LedgerStore, LocalDirectoryStore } from '../ledger/index.js';
import type { JobReport, RunStatus } from '../report/index.js';
import type { Clock } from '../util/clock.js';
import { errorMessage, UserError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { checkLabelActor } from '../validation/index.js';
import type { ModeHandler } from './context.js';
import { handlerFor } from './handlers.js';
import type { JobSettings } from './job-settings.js';
import { Runtime } from './runtime.js';

/** What a job hands back besides its report: the action's outputs (less the summary), as data. */
export interface JobOutputs {
  status: RunStatus;
  linearIssue?: string;
  plan?: Plan;
  matrix?: { include: { issue: string; task: string; title: string }[] };
  pullRequests: string[];
  totalCostUsd: number;
}

export interface JobResult {
  report: JobReport;
  outputs: JobOutputs;
  /** Why the job failed, as the sentence to act on; absent when it did not fail. */
  failure?: string;
}

export interface JobDependencies {
  clock: Clock;
  logger: Logger;
  /** Mode handlers to use instead of the built-in ones (tests replace one). */
  handlers?: Partial<Record<WorkMode, ModeHandler>>;
  /** A ledger store to use instead of the one the settings name. */
  ledgerStore?: LedgerStore;
  /** Where child processes' allow-listed environment comes from; default process.env. */
  env?: NodeJS.ProcessEnv;
}

/**
 * One job, whoever started it: decide the mode, gate a label trigger, run the mode's handler,
 * and say what happened. It never throws: every failure is in the result, as a sentence to act on.
 */
export async function runJob(settings: JobSettings, deps: JobDependencies): Promise<JobResult> {
  const report: JobReport = {
    status: 'failure',
    trigger: { event: settings.trigger.event, decision: 'not decided' },
    decisions: [],
    runUrl: settings.run.url,
  };
  const outputs: JobOutputs = { status: 'failure', pullRequests: [], totalCostUsd: 0 };
  try {
    const failure = await work(settings, deps, report, outputs);
    outputs.status = report.status;
    return { report, outputs, ...(failure ? { failure } : {}) };
  } catch (error) {
    return failedJob(error, report, deps.logger, outputs);
  }
}

/**
 * A job that failed, before it started (settings that could not be built) or while it ran: the
 * report says failure with the error, and the failure is the error's own sentence when it was
 * written for the user.
 */
export function failedJob(
  error: unknown,
  report: JobReport,
  logger: Logger,
  outputs: JobOutputs = { status: 'failure', pullRequests: [], totalCostUsd: 0 },
): JobResult {
  report.status = 'failure';
  report.error = errorMessage(error);
  outputs.status = 'failure';
  if (!(error instanceof UserError))
    logger.debug(error instanceof Error ? (error.stack ?? '') : String(error));
  const failure =
    error instanceof UserError ? error.message : `codegen-action failed unexpectedly: ${errorMessage(error)}`;
  return { report, outputs, failure };
}

/** The job's body; returns the failure sentence of a mode that did not get its work done. */
async function work(
  settings: JobSettings,
  deps: JobDependencies,
  report: JobReport,
  outputs: JobOutputs,
): Promise<string | undefined> {
  const { config, configSource, trigger } = settings;
  const { clock, logger } = deps;
  logger.info(
    `Config: ${configSource.file ?? 'no config file (defaults)'}${configSource.ref ? ` from the base branch ${configSource.ref}` : ''}; strategy ${config.strategy} (${config.strategyReason})`,
  );
  report.strategy = { name: config.strategy, reason: config.strategyReason };

  const decision = resolveMode({
    mode: settings.mode,
    issueInput: settings.issue,
    triggerLabel: config.trigger.label,
    eventName: trigger.event,
    payload: trigger.payload,
    mergePolicy: config.merge.policy,
  });
  const runtime = new Runtime({
    credentials: settings.credentials,
    config,
    repository: settings.repository,
    workspace: settings.workspace,
    scratch: settings.scratch,
    toolCache: settings.toolCache,
    clock,
    logger,
    ledgerStore: deps.ledgerStore ?? ledgerStoreOf(settings, clock),
    ...(deps.env ? { env: deps.env } : {}),
  });
  try {
    const gated = await gate(decision, config.trigger.allowedBots, runtime.github);
    report.trigger = {
      event: trigger.event,
      decision: gated.reason,
      mode: gated.kind === 'work' ? gated.mode : undefined,
    };
    logger.info(
      `Trigger: ${trigger.event} → ${gated.kind === 'work' ? `mode ${gated.mode}` : 'skip'}: ${gated.reason}`,
    );
    if (gated.kind === 'skip') {
      report.status = 'skipped';
      return undefined;
    }
    if (settings.dryRun && !['run', 'plan'].includes(gated.mode)) {
      report.status = 'skipped';
      report.decisions.push(`dry run: mode "${gated.mode}" would act on work in flight, so nothing was done`);
      return undefined;
    }
    const outcome = await handlerFor(
      gated.mode,
      deps.handlers,
    )({
      job: settings,
      config,
      decision: gated,
      runtime,
      logger,
      clock,
      runUrl: settings.run.url,
      baseRef: configSource.ref,
    });
    report.status = outcome.status;
    report.issue = outcome.issue;
    report.work = outcome.work;
    report.decisions.push(...outcome.decisions);
    outputs.linearIssue = outcome.linearIssue;
    outputs.plan = outcome.plan;
    outputs.matrix = outcome.matrix;
    outputs.pullRequests = outcome.pullRequests ?? [];
    outputs.totalCostUsd = outcome.totalCostUsd ?? 0;
    // A run that did not get its work done fails too, with what went wrong.
    return outcome.status === 'failure'
      ? `codegen-action finished with status failure: ${outcome.decisions.slice(0, 3).join('; ') || 'see the job summary'}`
      : undefined;
  } finally {
    report.githubRequests = runtime.githubRequests.snapshot();
    runtime.close();
  }
}

/** The settings' ledger: undefined for the state branch (the runtime's default store). */
function ledgerStoreOf(settings: JobSettings, clock: Clock): LedgerStore | undefined {
  return settings.ledger.kind === 'directory'
    ? new LocalDirectoryStore(settings.ledger.path, clock)
    : undefined;
}

/** A label trigger runs only for an actor allowed to start work (a security rule). */
async function gate(
  decision: ModeDecision,
  allowedBots: string[],
  github: GitHubGateway,
): Promise<ModeDecision> {
  if (decision.kind === 'skip' || !decision.labelTrigger) return decision;
  const verdict = await checkLabelActor({
    trigger: decision.labelTrigger,
    allowedBots,
    permissionOf: (login) => github.getCollaboratorPermission(login),
  });
  if (verdict.verdict === 'rejected') return { kind: 'skip', reason: `label refused: ${verdict.reason}` };
  return { ...decision, reason: `${decision.reason}; accepted: ${verdict.reason}` };
}

import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { type LoadedConfig, loadConfigFile, loadConfigFromRef, resolveConfig } from '../config/index.js';
import type { ModeDecision } from '../events/index.js';
import { PullRequestEvent, resolveMode } from '../events/index.js';
import { createGitHubClient, type GitHubGateway, refFileReader } from '../github/index.js';
import type { LedgerStore } from '../ledger/index.js';
import { handlerFor, type ModeHandler, Runtime } from '../modes/index.js';
import { type JobReport, renderJobSummary } from '../report/index.js';
import { type Clock, systemClock } from '../util/clock.js';
import { errorMessage, UserError } from '../util/errors.js';
import { checkLabelActor } from '../validation/index.js';
import { type ActionInputs, readInputs } from './inputs.js';
import type { ActionIO } from './io.js';
import { type ActionOutputs, writeOutputs } from './outputs.js';
import { type RunnerEnvironment, readRunnerEnvironment, runUrl } from './runner-env.js';

export interface ActionDependencies {
  handlers?: Parameters<typeof handlerFor>[1];
  clock?: Clock;
  /** Where the ledger lives; default the state branch through the GitHub API. */
  ledgerStore?: LedgerStore;
}

/**
 * One run of the action: inputs and event in, outputs and summary out. Every path ends with
 * all outputs set and a summary written; failures reach setFailed as a sentence to act on.
 */
export async function runAction(
  io: ActionIO,
  env: NodeJS.ProcessEnv,
  deps: ActionDependencies = {},
): Promise<{ outputs: ActionOutputs; report: JobReport }> {
  const report: JobReport = {
    status: 'failure',
    trigger: { event: env.GITHUB_EVENT_NAME ?? '(none)', decision: 'not decided' },
    decisions: [],
  };
  const outputs: ActionOutputs = { status: 'failure', pullRequests: [], totalCostUsd: 0, summary: '' };
  try {
    await execute(io, env, deps, report, outputs);
  } catch (error) {
    report.status = 'failure';
    report.error = errorMessage(error);
    if (!(error instanceof UserError))
      io.logger.debug(error instanceof Error ? (error.stack ?? '') : String(error));
    io.setFailed(
      error instanceof UserError
        ? error.message
        : `codegen-action failed unexpectedly: ${errorMessage(error)}`,
    );
  }
  outputs.status = report.status;
  outputs.summary = renderJobSummary(report);
  writeOutputs(outputs, io.setOutput);
  try {
    await io.writeSummary(outputs.summary);
  } catch (error) {
    io.logger.warning(`Could not write the job summary: ${errorMessage(error)}`);
  }
  return { outputs, report };
}

async function execute(
  io: ActionIO,
  env: NodeJS.ProcessEnv,
  deps: ActionDependencies,
  report: JobReport,
  outputs: ActionOutputs,
): Promise<void> {
  const { inputs, runner, token } = readStartup(io, env);
  report.runUrl = runUrl(runner);
  const payload = await readEventPayload(runner.eventPath);

  const loaded = await loadJobConfig(runner, payload, token, inputs['config-file']);
  const config = resolveConfig(loaded.config, overridesFrom(inputs), {
    repository: `${runner.repository.owner}/${runner.repository.repo}`,
    hasCodegenToken: Boolean(inputs['codegen-api-token']),
  });
  io.logger.info(
    `Config: ${loaded.file ?? 'no config file (defaults)'}${loaded.ref ? ` from the base branch ${loaded.ref}` : ''}; strategy ${config.strategy} (${config.strategyReason})`,
  );
  report.strategy = { name: config.strategy, reason: config.strategyReason };

  const decision = resolveMode({
    mode: inputs.mode,
    issueInput: inputs.issue,
    triggerLabel: config.trigger.label,
    eventName: runner.eventName,
    payload,
    mergePolicy: config.merge.policy,
  });
  const clock = deps.clock ?? systemClock;
  const runtime = new Runtime({
    credentials: {
      githubToken: token,
      githubApiUrl: runner.apiUrl,
      serverUrl: runner.serverUrl,
      linearApiKey: inputs['linear-api-key'],
      linearApiUrl: inputs['linear-api-url'],
      codegenApiToken: inputs['codegen-api-token'],
      codegenApiUrl: inputs['codegen-api-url'],
      claude: { anthropicApiKey: inputs['anthropic-api-key'], oauthToken: inputs['claude-code-oauth-token'] },
      claudePath: inputs['claude-path'],
    },
    config,
    repository: runner.repository,
    workspace: runner.workspace,
    scratch: runner.runnerTemp,
    toolCache: runner.toolCache,
    clock,
    logger: io.logger,
    ledgerStore: deps.ledgerStore,
  });
  try {
    const gated = await gate(decision, config.trigger.allowedBots, runtime.github);
    report.trigger = {
      event: runner.eventName,
      decision: gated.reason,
      mode: gated.kind === 'work' ? gated.mode : undefined,
    };
    io.logger.info(
      `Trigger: ${runner.eventName} → ${gated.kind === 'work' ? `mode ${gated.mode}` : 'skip'}: ${gated.reason}`,
    );
    if (gated.kind === 'skip') {
      report.status = 'skipped';
      return;
    }
    if (inputs['dry-run'] && !['run', 'plan'].includes(gated.mode)) {
      report.status = 'skipped';
      report.decisions.push(`dry run: mode "${gated.mode}" would act on work in flight, so nothing was done`);
      return;
    }
    const handler: ModeHandler = handlerFor(gated.mode, deps.handlers);
    const outcome = await handler({
      inputs,
      runner,
      config,
      decision: gated,
      runtime,
      logger: io.logger,
      clock,
      runUrl: report.runUrl,
      baseRef: loaded.ref,
    });
    report.status = outcome.status;
    if (outcome.status === 'failure') {
      // A run that did not get its work done fails the step too, with what went wrong.
      io.setFailed(
        `codegen-action finished with status failure: ${outcome.decisions.slice(0, 3).join('; ') || 'see the job summary'}`,
      );
    }
    report.issue = outcome.issue;
    report.work = outcome.work;
    report.decisions.push(...outcome.decisions);
    outputs.linearIssue = outcome.linearIssue;
    outputs.plan = outcome.plan;
    outputs.matrix = outcome.matrix;
    outputs.pullRequests = outcome.pullRequests ?? [];
    outputs.totalCostUsd = outcome.totalCostUsd ?? 0;
  } finally {
    report.githubRequests = runtime.githubRequests.snapshot();
    runtime.close();
  }
}

/** Inputs and runner variables, with every missing piece reported in one error. */
function readStartup(
  io: ActionIO,
  env: NodeJS.ProcessEnv,
): { inputs: ActionInputs; runner: RunnerEnvironment; token: string } {
  const inputs = readInputs(io.getInput, io.setSecret);
  const problems: string[] = [];
  let runner: RunnerEnvironment | undefined;
  try {
    runner = readRunnerEnvironment(env, process.cwd(), os.tmpdir());
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    problems.push(...error.details);
  }
  const token = inputs['github-token'];
  if (!token)
    problems.push(
      'input "github-token" is not set (on a runner it defaults to `${{ github.token }}`; set INPUT_GITHUB-TOKEN elsewhere)',
    );
  if (!runner || !token) {
    throw new UserError(
      'codegen-action cannot start: it runs as a GitHub Actions step (`uses: cyrus/codegen-action@v1`), which provides what is missing below.',
      problems,
    );
  }
  return { inputs, runner, token };
}

async function readEventPayload(eventPath: string | undefined): Promise<unknown> {
  if (!eventPath) return {};
  try {
    return JSON.parse(await readFile(eventPath, 'utf8'));
  } catch (error) {
    throw new UserError(
      `Could not read the event payload at GITHUB_EVENT_PATH (${eventPath}): ${errorMessage(error)}.`,
    );
  }
}

/**
 * The repository config: from the workspace, except on pull_request events, where the workspace
 * is the PR's merge commit: then from the base branch, so a PR cannot pick its own settings.
 */
async function loadJobConfig(
  runner: {
    eventName: string;
    apiUrl: string;
    workspace: string;
    repository: { owner: string; repo: string };
  },
  payload: unknown,
  token: string,
  explicit: string | undefined,
): Promise<LoadedConfig & { ref?: string }> {
  const pr = ['pull_request', 'pull_request_target'].includes(runner.eventName)
    ? PullRequestEvent.safeParse(payload)
    : undefined;
  if (!pr?.success) return loadConfigFile(runner.workspace, explicit);
  const base = pr.data.pull_request.base.ref;
  const client = createGitHubClient({ token, baseUrl: runner.apiUrl });
  return loadConfigFromRef(refFileReader(client, runner.repository, base), base, explicit);
}

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

function overridesFrom(inputs: ActionInputs) {
  return {
    strategy: inputs.strategy,
    triggerLabel: inputs['trigger-label'],
    allowedBots: inputs['allowed-bots'],
    maxSubtasks: inputs['max-subtasks'],
    maxParallel: inputs['max-parallel'],
    maxCostPerTask: inputs['max-cost-per-task'],
    maxCostPerDay: inputs['max-cost-per-day'],
    wait: inputs.wait,
    waitTimeoutMinutes: inputs['wait-timeout-minutes'],
    validateCommand: inputs['validate-command'],
    review: inputs.review,
    stateBranch: inputs['state-branch'],
    merge: inputs.merge,
    codegenOrgId: inputs['codegen-org-id'],
  };
}

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { type LoadedConfig, loadConfigFile, loadConfigFromRef, resolveConfig } from '../config/index.js';
import { PullRequestEvent } from '../events/index.js';
import { createGitHubClient, refFileReader } from '../github/index.js';
import { type JobSettings, parseJobSettings } from '../modes/index.js';
import { errorMessage, UserError } from '../util/errors.js';
import { type ActionInputs, readInputs } from './inputs.js';
import type { ActionIO } from './io.js';
import { type RunnerEnvironment, readRunnerEnvironment, runUrl } from './runner-env.js';

/** The step's inputs and the runner's variables, read and checked before anything else happens. */
export interface ActionStartup {
  inputs: ActionInputs;
  runner: RunnerEnvironment;
  token: string;
}

/** Inputs and runner variables, with every missing piece reported in one error. */
export function readStartup(io: ActionIO, env: NodeJS.ProcessEnv): ActionStartup {
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

/** The job's settings from the step: its event, the config it picks, its inputs as typed values. */
export async function actionJobSettings({ inputs, runner, token }: ActionStartup): Promise<JobSettings> {
  const payload = await readEventPayload(runner.eventPath);
  const loaded = await loadJobConfig(runner, payload, token, inputs['config-file']);
  const config = resolveConfig(loaded.config, overridesFrom(inputs), {
    repository: `${runner.repository.owner}/${runner.repository.repo}`,
    hasCodegenToken: Boolean(inputs['codegen-api-token']),
  });
  return parseJobSettings(
    {
      mode: inputs.mode,
      issue: inputs.issue,
      task: inputs.task,
      dryRun: inputs['dry-run'],
      trigger: { event: runner.eventName, payload },
      repository: runner.repository,
      config,
      configSource: { file: loaded.file ?? undefined, ref: loaded.ref },
      credentials: {
        githubToken: token,
        githubApiUrl: runner.apiUrl,
        serverUrl: runner.serverUrl,
        linearApiKey: inputs['linear-api-key'],
        linearApiUrl: inputs['linear-api-url'],
        codegenApiToken: inputs['codegen-api-token'],
        codegenApiUrl: inputs['codegen-api-url'],
        claude: {
          anthropicApiKey: inputs['anthropic-api-key'],
          oauthToken: inputs['claude-code-oauth-token'],
        },
        claudePath: inputs['claude-path'],
      },
      workspace: runner.workspace,
      scratch: runner.runnerTemp,
      toolCache: runner.toolCache,
      run: { id: runner.runId, url: runUrl(runner), workflowRef: runner.workflowRef },
      ledger: { kind: 'state-branch' },
    },
    fieldSource,
  );
}

/** Where each settings field comes from on a runner, for errors. */
function fieldSource(field: string): string {
  return FIELD_SOURCES[field] ?? field;
}

const FIELD_SOURCES: Record<string, string> = {
  issue: 'input "issue"',
  task: 'input "task"',
  'credentials.linearApiUrl': 'input "linear-api-url"',
  'credentials.codegenApiUrl': 'input "codegen-api-url"',
  'credentials.claudePath': 'input "claude-path"',
  workspace: 'GITHUB_WORKSPACE',
  scratch: 'RUNNER_TEMP',
  toolCache: 'RUNNER_TOOL_CACHE',
};

/**
 * The event payload: the JSON file GITHUB_EVENT_PATH names, as `@actions/github`'s `context` reads
 * it. Read here by hand: that package is 123 KB of bundle (its Octokit comes along with the
 * context) for this one JSON.parse, which put the action over its 3 MB budget; its Octokit is not
 * used either (see `github/octokit.ts`). A missing or unparsable file is an error naming the path.
 */
async function readEventPayload(eventPath: string | undefined): Promise<unknown> {
  if (!eventPath) return {};
  const unreadable = (detail: string) =>
    new UserError(`Could not read the event payload at GITHUB_EVENT_PATH (${eventPath}): ${detail}.`);
  if (!existsSync(eventPath)) throw unreadable('no such file');
  try {
    return JSON.parse(await readFile(eventPath, 'utf8')) as unknown;
  } catch (error) {
    throw unreadable(errorMessage(error));
  }
}

/**
 * The repository config: from the workspace, except on pull_request events, where the workspace
 * is the PR's merge commit: then from the base branch, so a PR cannot pick its own settings.
 */
async function loadJobConfig(
  runner: RunnerEnvironment,
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

import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_CONFIG_FILES, parseConfigText, STRATEGIES } from '../config/index.js';
import { UserError } from '../util/errors.js';
import { readPullRequestWorkflows } from '../validation/pr-workflows.js';
import {
  booleanOption,
  type CommandContext,
  type CommandInput,
  type CommandSpec,
  EXIT,
  printJson,
  stringOption,
  UsageError,
} from './command.js';
import { type InitOptions, starterConfigJson, starterConfigYaml, workflowYaml } from './init-templates.js';
import { integerOption, strategyOption } from './options.js';
import { ACTION_REF } from './version.js';

const DEFAULT_WORKFLOW = '.github/workflows/cyrus.yml';

/** An installation token from actions/create-github-app-token expires an hour after it is made. */
const APP_TOKEN_MINUTES = 60;

export const initCommand: CommandSpec = {
  path: ['init'],
  summary: 'write a starter workflow and config file',
  description:
    `Writes ${DEFAULT_WORKFLOW} (issue label, schedule, workflow_dispatch, pull_request, workflow_run on ` +
    "the repository's CI workflows, and check_suite triggers; least permissions; the label gate and a " +
    'per-issue concurrency group on the job, never cancelling a run in progress; a job timeout; a GitHub App ' +
    `token from actions/create-github-app-token; the action pinned to ${ACTION_REF}) and a starter config ` +
    '(.github/cyrus.yml, or --config). Both can be committed as they are. Existing files are never ' +
    'overwritten without --force.',
  options: {
    label: { type: 'string', value: 'LABEL', description: 'the trigger label (default cyrus)' },
    cron: {
      type: 'string',
      value: 'EXPR',
      description: "the backlog sweep's schedule (default '*/30 * * * *')",
    },
    strategy: {
      type: 'string',
      value: STRATEGIES.join('|'),
      description: 'codegen.strategy (default: left to the action)',
    },
    'org-id': {
      type: 'string',
      value: 'ID',
      description: 'enable Codegen with this org (or run `cyrus codegen setup` later)',
    },
    'timeout-minutes': {
      type: 'string',
      value: 'N',
      description: `the job timeout (20 to 360; default ${APP_TOKEN_MINUTES} with an App token, whose token lasts an hour, 90 with actions)`,
    },
    workflow: {
      type: 'string',
      value: 'FILE',
      description: `where to write the workflow (default ${DEFAULT_WORKFLOW})`,
    },
    'github-token': {
      type: 'string',
      value: 'app|actions',
      description:
        "app (default): a GitHub App token, whose PRs start CI; actions: the workflow's GITHUB_TOKEN, with its limits",
    },
    force: { type: 'boolean', description: 'overwrite existing files' },
  },
  positionals: { min: 0, max: 0 },
  examples: ['cyrus init', 'cyrus init --label ai --strategy hybrid-smart --org-id 1234'],
  run: runInit,
};

async function runInit(ctx: CommandContext, input: CommandInput): Promise<number> {
  const configFile = ctx.configFile ?? DEFAULT_CONFIG_FILES[0];
  const githubToken = parseTokenKind(stringOption(input, 'github-token'));
  const options: InitOptions = {
    label: parseLabel(stringOption(input, 'label')),
    cron: parseCron(stringOption(input, 'cron')),
    strategy: strategyOption(input),
    orgId: integerOption(input, 'org-id', 1, Number.MAX_SAFE_INTEGER),
    timeoutMinutes: jobTimeout(integerOption(input, 'timeout-minutes', 20, 360), githubToken),
    actionRef: ACTION_REF,
    configFile,
    defaultConfigFile: configFile === DEFAULT_CONFIG_FILES[0],
    githubToken,
    // CI that runs on PRs is what workflow_run follows; our own workflow is never among them.
    ciWorkflows: (await readPullRequestWorkflows(ctx.cwd, undefined, ctx.logger)).map((w) => w.name),
  };
  const workflowFile = stringOption(input, 'workflow') ?? DEFAULT_WORKFLOW;
  if (!/\.ya?ml$/.test(workflowFile))
    throw new UsageError(`--workflow must name a .yml or .yaml file, found "${workflowFile}"`);
  if (!/\.(ya?ml|json)$/.test(configFile))
    throw new UsageError(`--config must name a .yml, .yaml or .json file, found "${configFile}"`);

  const files = [
    { kind: 'workflow', file: workflowFile, text: workflowYaml(options) },
    {
      kind: 'config',
      file: configFile,
      text: configFile.endsWith('.json') ? starterConfigJson(options) : starterConfigYaml(options),
    },
  ];
  // What is written must load: the config through the action's own loader, the workflow as YAML.
  parseConfigText(files[1]?.text ?? '', configFile);
  parseYaml(files[0]?.text ?? '');

  const force = booleanOption(input, 'force');
  const existing = files.filter((f) => existsSync(path.resolve(ctx.cwd, f.file)));
  if (existing.length > 0 && !force) {
    throw new UserError(
      `Not writing anything: ${existing.map((f) => f.file).join(' and ')} already exist${existing.length === 1 ? 's' : ''}. ` +
        'Pass --force to overwrite, or edit the config with `cyrus config set`.',
    );
  }
  for (const f of files) {
    const target = path.resolve(ctx.cwd, f.file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, f.text);
  }
  const overwritten = new Set(existing.map((f) => f.file));
  if (ctx.json) {
    printJson(ctx, {
      files: files.map((f) => ({ kind: f.kind, path: f.file, overwritten: overwritten.has(f.file) })),
      action: ACTION_REF,
    });
    return EXIT.ok;
  }
  for (const f of files)
    ctx.io.out(`${overwritten.has(f.file) ? 'Overwrote' : 'Wrote'} ${f.file} (the ${f.kind})`);
  ctx.io.out('');
  ctx.io.out('Next:');
  if (options.githubToken === 'app') {
    ctx.io.out(
      '  0. Create a GitHub App (contents, pull requests, issues, checks: read & write; actions, commit statuses: read),',
    );
    ctx.io.out(
      '     install it on this repository, then: gh variable set CYRUS_APP_ID && gh secret set CYRUS_APP_PRIVATE_KEY < key.pem',
    );
    ctx.io.out(
      '     (without an App: cyrus init --github-token actions; its PRs start no CI and need "Allow GitHub Actions to create and approve pull requests")',
    );
  }
  if (options.ciWorkflows.length === 0)
    ctx.io.out(
      '     No workflow runs on pull_request yet: name your CI under workflow_run in the workflow once it exists.',
    );
  ctx.io.out('  1. Store the secrets: gh secret set ANTHROPIC_API_KEY && gh secret set LINEAR_API_KEY');
  ctx.io.out('     (for Codegen: cyrus codegen setup, then gh secret set CODEGEN_API_TOKEN)');
  ctx.io.out(
    `  2. Commit both files: git add ${files.map((f) => f.file).join(' ')} && git commit -m "Add cyrus"`,
  );
  ctx.io.out(
    `  3. Label a Linear-synced GitHub issue "${options.label}", then watch it with \`cyrus stats\`.`,
  );
  return EXIT.ok;
}

function parseTokenKind(text: string | undefined): 'app' | 'actions' {
  if (text === undefined || text === 'app') return 'app';
  if (text === 'actions') return 'actions';
  throw new UsageError(`--github-token must be app or actions, found "${text}"`);
}

function parseLabel(text: string | undefined): string {
  if (text === undefined) return 'cyrus';
  const label = text.trim();
  if (label === '' || label.length > 50 || /[\r\n]/.test(label)) {
    throw new UsageError(
      `--label must be a GitHub label name (1 to 50 characters on one line), found "${text}"`,
    );
  }
  return label;
}

/** Five fields of cron characters; GitHub refuses anything else when the workflow loads. */
function parseCron(text: string | undefined): string {
  if (text === undefined) return '*/30 * * * *';
  const fields = text.trim().split(/\s+/);
  if (fields.length !== 5 || fields.some((f) => !/^[\d*/,A-Za-z-]+$/.test(f))) {
    throw new UsageError(`--cron must be a 5-field cron expression such as '*/30 * * * *', found "${text}"`);
  }
  return fields.join(' ');
}

/**
 * The job's timeout: with an App token, no longer than the token lives (a job past it would fail
 * its last pushes and its report); GITHUB_TOKEN lasts as long as the job.
 */
function jobTimeout(asked: number | undefined, token: InitOptions['githubToken']): number {
  if (token !== 'app') return asked ?? 90;
  if (asked !== undefined && asked > APP_TOKEN_MINUTES) {
    throw new UsageError(
      `--timeout-minutes ${asked} is longer than the App token lives: actions/create-github-app-token's token expires after ${APP_TOKEN_MINUTES} minutes. ` +
        `Pass --timeout-minutes ${APP_TOKEN_MINUTES} or less, or --github-token actions (GITHUB_TOKEN lasts as long as the job)`,
    );
  }
  return asked ?? APP_TOKEN_MINUTES;
}

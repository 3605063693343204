import { stringify } from 'yaml';
import type { Strategy } from '../config/index.js';

export interface InitOptions {
  label: string;
  cron: string;
  strategy?: Strategy;
  orgId?: number;
  timeoutMinutes: number;
  /** `owner/name@ref` of the action, pinned to a release. */
  actionRef: string;
  /** Config path relative to the repository root; the default one is not passed as an input. */
  configFile: string;
  defaultConfigFile: boolean;
  /** `app`: a GitHub App token (recommended); `actions`: the workflow's GITHUB_TOKEN, limits stated. */
  githubToken: 'app' | 'actions';
  /** Names of the repository's workflows that run on pull_request (for `workflow_run`). */
  ciWorkflows: readonly string[];
}

/** A YAML scalar, quoted only where YAML needs it, never folded. */
const scalar = (value: string | number | boolean) => stringify(value, { lineWidth: 0 }).trimEnd();

/**
 * The workflow `cyrus init` writes: every trigger the action handles, least permissions, the gate and the
 * concurrency group on the job (GitHub evaluates a job's `if` before it queues it, so events the
 * gate refuses never join a group), and a GitHub App token unless the Actions token was asked for.
 */
export function workflowYaml(o: InitOptions): string {
  const label = o.label.replace(/'/g, "''");
  const gate = [
    `(github.event_name != 'issues' || github.event.label.name == '${label}')`,
    "(github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository)",
    "(github.event_name != 'workflow_run' || github.event.workflow_run.head_repository.full_name == github.repository)",
  ].join(' &&\n      ');
  // Work for one issue (or one subtask branch) queues behind itself; anything else (a sweep) gets
  // a group of its own, so it never displaces a pending run of real work.
  const group =
    'cyrus-${{ github.event.issue.number || inputs.issue || github.event.pull_request.head.ref || ' +
    'github.event.workflow_run.head_branch || github.event.check_suite.head_branch || github.run_id }}';
  const app = o.githubToken === 'app';
  const ci =
    o.ciWorkflows.length > 0
      ? `  workflow_run:\n    workflows: ${flow(o.ciWorkflows)}\n    types: [completed]`
      : '  # workflow_run: # name your CI workflows here once the repository has some\n  #   workflows: [CI]\n  #   types: [completed]';
  const token = app
    ? `      # A GitHub App token: its PRs and pushes start CI. (GITHUB_TOKEN cannot open PRs unless
      # "Allow GitHub Actions to create and approve pull requests" is on, and starts no workflows.)
      # Needs the App installed on this repository (contents, pull requests, issues, checks: write;
      # actions, commit statuses: read), its id in the CYRUS_APP_ID variable, its key in a secret.
      - uses: actions/create-github-app-token@v2
        id: app-token
        with:
          app-id: \${{ vars.CYRUS_APP_ID }}
          private-key: \${{ secrets.CYRUS_APP_PRIVATE_KEY }}
      - uses: actions/checkout@v4
        with:
          token: \${{ steps.app-token.outputs.token }} # pushes of fix attempts start CI too
`
    : `      # GITHUB_TOKEN, two limits: it opens PRs only with "Allow GitHub Actions to create and approve
      # pull requests" on (Settings → Actions → General), and its PRs and pushes start no workflows
      # (the action starts CI that declares workflow_dispatch; otherwise the check is neutral).
      # \`cyrus init --github-token app\` writes the App-token setup instead.
      - uses: actions/checkout@v4
`;
  return `# Cyrus: turns Linear issues into validated pull requests (written by \`cyrus init\`).
# Secrets it reads: ANTHROPIC_API_KEY, LINEAR_API_KEY, CODEGEN_API_TOKEN (\`cyrus codegen setup\`)${app ? ',\n# CYRUS_APP_PRIVATE_KEY (and the variable CYRUS_APP_ID)' : ''}.
name: cyrus

on:
  # A Linear-synced GitHub issue gets the trigger label: plan and run it.
  issues:
    types: [labeled]
  # Backlog sweep; it also reconciles work in flight.
  schedule:
    - cron: ${scalar(o.cron)}
  workflow_dispatch:
    inputs:
      issue:
        description: Linear identifier (ENG-123) or GitHub issue number
        required: true
  # Subtask PRs are validated.
  pull_request:
    types: [opened, synchronize, reopened]
  # CI finishing carries the work forward. check_suite does not fire for suites GitHub Actions
  # creates, so Actions CI is followed through workflow_run (the workflows that run on PRs).
${ci}
  # For CI Apps that report through check suites of their own.
  check_suite:
    types: [completed]

# Nothing by default; the job asks for what it needs.
permissions: {}

jobs:
  cyrus:
    # Other labels, fork PRs and CI of forks start nothing (decided before the job is queued).
    if: >-
      ${gate}
    # One job at a time per issue (per subtask branch for PR and CI events); never cancelled, since
    # a cancelled job would leave dispatched work unfollowed. The ledger keeps parallel jobs consistent.
    concurrency:
      group: ${scalar(group)}
      cancel-in-progress: false
    runs-on: ubuntu-latest
    timeout-minutes: ${o.timeoutMinutes}${app ? " # the App token expires after an hour: the job's wait ends before" : ''}
    permissions:
      contents: write # subtask branches and the ledger branch
      pull-requests: write # subtask pull requests
      issues: write # the tracking comment on the GitHub issue
      checks: write # the Cyrus validation check run, and reading CI's check runs
      statuses: read # commit statuses of CI services that report through them
      actions: write # start a PR's CI with workflow_dispatch when GITHUB_TOKEN opened the PR
    steps:
${token}      - uses: ${o.actionRef}
        with:
          issue: \${{ inputs.issue }}
${app ? '          github-token: ${{ steps.app-token.outputs.token }}\n' : ''}${o.defaultConfigFile ? '' : `          config-file: ${scalar(o.configFile)}\n`}          linear-api-key: \${{ secrets.LINEAR_API_KEY }}
          anthropic-api-key: \${{ secrets.ANTHROPIC_API_KEY }}
          codegen-api-token: \${{ secrets.CODEGEN_API_TOKEN }}
`;
}

/** A YAML flow sequence of names, each quoted where YAML needs it. */
function flow(names: readonly string[]): string {
  return `[${names.map((n) => stringify(n, { lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE' }).trimEnd()).join(', ')}]`;
}

/** The starter config: the common settings with their defaults, each explained; no secrets. */
export function starterConfigYaml(o: InitOptions): string {
  const codegen = [
    o.orgId === undefined
      ? '  # enabled: true        # `cyrus codegen setup` checks the token and fills these in\n  # orgId: 1234'
      : `  enabled: true\n  orgId: ${o.orgId}`,
    o.strategy
      ? `  strategy: ${o.strategy}`
      : '  # strategy: hybrid-smart   # default: hybrid-parallel with Codegen, else local-only',
    '  # strategies: local-only | cloud-only | hybrid-smart | hybrid-parallel | cost-optimized',
  ].join('\n');
  const wait = waitMinutes(o.timeoutMinutes);
  return `# codegen-action settings (written by \`cyrus init\`). Every key is optional.
# Check the file with \`cyrus config validate\`; change it with \`cyrus config set KEY VALUE\`.
# Never put a token here: pass tokens to the action as repository secrets.
codegen:
${codegen}
  maxCostPerTask: 1.0 # USD; Codegen runs are priced from codegen.pricing (its API reports no cost)
  maxCostPerDay: 50.0 # USD; reserved before dispatch, so parallel jobs never pass it together
trigger:
  label: ${scalar(o.label)}
planner:
  maxSubtasks: 6
concurrency:
  maxParallel: 4
  waitTimeoutMinutes: ${wait} # keep below the job's timeout-minutes (${o.timeoutMinutes})
validation:
  fixAttempts: 2 # failing checks handed back to the agent that wrote the PR
sweep:
  maxIssues: 5 # issues a scheduled run picks up
`;
}

/** The same starter settings for a `.json` config (JSON has no comments). */
export function starterConfigJson(o: InitOptions): string {
  const codegen: Record<string, unknown> = {};
  if (o.orgId !== undefined) Object.assign(codegen, { enabled: true, orgId: o.orgId });
  if (o.strategy) codegen.strategy = o.strategy;
  Object.assign(codegen, { maxCostPerTask: 1, maxCostPerDay: 50 });
  return `${JSON.stringify(
    {
      codegen,
      trigger: { label: o.label },
      planner: { maxSubtasks: 6 },
      concurrency: { maxParallel: 4, waitTimeoutMinutes: waitMinutes(o.timeoutMinutes) },
      validation: { fixAttempts: 2 },
      sweep: { maxIssues: 5 },
    },
    null,
    2,
  )}\n`;
}

/** The in-job wait: at most an hour, and a quarter of an hour short of the job's own timeout. */
function waitMinutes(jobTimeoutMinutes: number): number {
  return Math.max(5, Math.min(60, jobTimeoutMinutes - 15));
}

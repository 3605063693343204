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
}

/** A YAML scalar, quoted only where YAML needs it, never folded. */
const scalar = (value: string | number | boolean) => stringify(value, { lineWidth: 0 }).trimEnd();

/**
 * The workflow `cyrus init` writes: every trigger of SPEC §3, least permissions, one concurrency
 * group per issue that never cancels a run in progress (a cancelled job would strand dispatched work).
 */
export function workflowYaml(o: InitOptions): string {
  const gate = `github.event_name != 'issues' || github.event.label.name == '${o.label.replace(/'/g, "''")}'`;
  const group =
    'cyrus-${{ github.event.issue.number || inputs.issue || github.event.pull_request.head.ref || ' +
    'github.event.check_suite.head_branch || github.ref }}';
  return `# Cyrus: turns Linear issues into validated pull requests (written by \`cyrus init\`).
# Secrets it reads: ANTHROPIC_API_KEY, LINEAR_API_KEY, CODEGEN_API_TOKEN (\`cyrus codegen setup\`).
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
  # Subtask PRs are validated, and finished checks carry the work forward.
  pull_request:
    types: [opened, synchronize, reopened]
  check_suite:
    types: [completed]

# Nothing by default; the job asks for what it needs.
permissions: {}

concurrency:
  # One job at a time per issue (per subtask branch for PR and check events); the ledger keeps
  # parallel jobs consistent, and a cancelled job would leave dispatched work unfollowed.
  group: ${scalar(group)}
  cancel-in-progress: false

jobs:
  cyrus:
    # Other labels start nothing.
    if: ${scalar(gate)}
    runs-on: ubuntu-latest
    timeout-minutes: ${o.timeoutMinutes}
    permissions:
      contents: write # subtask branches and the ledger branch
      pull-requests: write # subtask pull requests
      issues: write # the tracking comment on the GitHub issue
      checks: write # the Cyrus validation check run
    steps:
      - uses: actions/checkout@v4
      - uses: ${o.actionRef}
        with:
          issue: \${{ inputs.issue }}
${o.defaultConfigFile ? '' : `          config-file: ${scalar(o.configFile)}\n`}          linear-api-key: \${{ secrets.LINEAR_API_KEY }}
          anthropic-api-key: \${{ secrets.ANTHROPIC_API_KEY }}
          codegen-api-token: \${{ secrets.CODEGEN_API_TOKEN }}
`;
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
export function waitMinutes(jobTimeoutMinutes: number): number {
  return Math.max(5, Math.min(60, jobTimeoutMinutes - 15));
}

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfigText, resolveConfig } from '../../src/config/index.js';
import { CLI_BUILD_TIMEOUT_MS, cliBundle, runCli, tempDir } from './helpers/cli.js';

interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  concurrency?: unknown;
  jobs: {
    cyrus: {
      if: string;
      concurrency: { group: string; 'cancel-in-progress': boolean };
      'timeout-minutes': number;
      permissions: Record<string, string>;
      steps: { uses: string; id?: string; with?: Record<string, string> }[];
    };
  };
}

const GATE = (label: string) =>
  `(github.event_name != 'issues' || github.event.label.name == '${label}') && ` +
  "(github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository) && " +
  "(github.event_name != 'workflow_run' || github.event.workflow_run.head_repository.full_name == github.repository)";

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');

describe('cyrus init', () => {
  beforeAll(() => {
    cliBundle();
  }, CLI_BUILD_TIMEOUT_MS);

  it('writes a workflow to commit as it is: every trigger, least permissions, a per-issue group, a pinned action', async () => {
    const dir = tempDir('cyrus-init-');
    const run = await runCli(['init'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Wrote .github/workflows/cyrus.yml (the workflow)');
    expect(run.stdout).toContain('Wrote .github/cyrus.yml (the config)');

    const workflow = parse(read(dir, '.github/workflows/cyrus.yml')) as Workflow;
    expect(workflow.on).toEqual({
      issues: { types: ['labeled'] },
      schedule: [{ cron: '*/30 * * * *' }],
      workflow_dispatch: { inputs: { issue: expect.objectContaining({ required: true }) } },
      pull_request: { types: ['opened', 'synchronize', 'reopened'] },
      check_suite: { types: ['completed'] },
    });
    expect(run.stdout).toContain('No workflow runs on pull_request yet');
    expect(workflow.permissions).toEqual({});
    expect(workflow.jobs.cyrus.permissions).toEqual({
      contents: 'write',
      'pull-requests': 'write',
      issues: 'write',
      checks: 'write',
      statuses: 'read',
      actions: 'write',
    });
    // The gate and the group are the job's: an event the gate refuses never joins (or displaces) a group.
    expect(workflow.concurrency).toBeUndefined();
    expect(workflow.jobs.cyrus.if).toBe(GATE('cyrus'));
    expect(workflow.jobs.cyrus.concurrency['cancel-in-progress']).toBe(false);
    expect(workflow.jobs.cyrus.concurrency.group).toMatch(
      /^cyrus-\$\{\{ github\.event\.issue\.number \|\| inputs\.issue \|\| .* \|\| github\.run_id \}\}$/,
    );
    // An App token expires after an hour: the job stops within it, and its wait before that.
    expect(workflow.jobs.cyrus['timeout-minutes']).toBe(60);
    expect(read(dir, '.github/workflows/cyrus.yml')).toContain('the App token expires after an hour');
    // The recommended token: a GitHub App's, for checkout (pushes start CI) and for the action.
    const [appToken, checkout, action] = workflow.jobs.cyrus.steps;
    expect(appToken).toEqual({
      uses: 'actions/create-github-app-token@v2',
      id: 'app-token',
      with: { 'app-id': '${{ vars.CYRUS_APP_ID }}', 'private-key': '${{ secrets.CYRUS_APP_PRIVATE_KEY }}' },
    });
    expect(checkout).toEqual({
      uses: 'actions/checkout@v4',
      with: { token: '${{ steps.app-token.outputs.token }}' },
    });
    expect(action?.uses).toMatch(/^cyrus\/codegen-action@v\d+\.\d+\.\d+$/);
    expect(action?.with).toEqual({
      issue: '${{ inputs.issue }}',
      'github-token': '${{ steps.app-token.outputs.token }}',
      'linear-api-key': '${{ secrets.LINEAR_API_KEY }}',
      'anthropic-api-key': '${{ secrets.ANTHROPIC_API_KEY }}',
      'codegen-api-token': '${{ secrets.CODEGEN_API_TOKEN }}',
    });

    // The starter config loads through the action's own loader and resolves.
    const config = parseConfigText(read(dir, '.github/cyrus.yml'), '.github/cyrus.yml');
    const resolved = resolveConfig(config, {}, { hasCodegenToken: false });
    expect(resolved.trigger.label).toBe('cyrus');
    expect(resolved.concurrency.waitTimeoutMinutes).toBe(45);
    expect(read(dir, '.github/cyrus.yml')).toContain('# Never put a token here');
    const validate = await runCli(['config', 'validate'], { cwd: dir });
    expect(validate.code).toBe(0);
  });

  it('refuses to overwrite without --force, writing nothing; --force overwrites', async () => {
    const dir = tempDir('cyrus-init-');
    expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
    const before = [read(dir, '.github/workflows/cyrus.yml'), read(dir, '.github/cyrus.yml')];
    const again = await runCli(['init', '--label', 'ai'], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(
      'Not writing anything: .github/workflows/cyrus.yml and .github/cyrus.yml already exist. Pass --force to overwrite',
    );
    expect([read(dir, '.github/workflows/cyrus.yml'), read(dir, '.github/cyrus.yml')]).toEqual(before);

    const forced = await runCli(['init', '--label', 'ai', '--force', '--json'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout).files).toEqual([
      { kind: 'workflow', path: '.github/workflows/cyrus.yml', overwritten: true },
      { kind: 'config', path: '.github/cyrus.yml', overwritten: true },
    ]);
    expect(read(dir, '.github/cyrus.yml')).toContain('label: ai');
  });

  it('options: label, schedule, strategy with an org, timeout, a JSON config elsewhere', async () => {
    const dir = tempDir('cyrus-init-');
    const run = await runCli(
      [
        'init',
        '--label',
        "ai: it's go",
        '--cron',
        '0 6 * * 1-5',
        '--strategy',
        'hybrid-smart',
        '--org-id',
        '1234',
        '--timeout-minutes',
        '45',
        '--config',
        'ci/cyrus.json',
      ],
      { cwd: dir },
    );
    expect(run.code).toBe(0);
    const workflow = parse(read(dir, '.github/workflows/cyrus.yml')) as Workflow;
    expect(workflow.on.schedule).toEqual([{ cron: '0 6 * * 1-5' }]);
    expect(workflow.jobs.cyrus.if).toBe(GATE("ai: it''s go"));
    expect(workflow.jobs.cyrus['timeout-minutes']).toBe(45);
    expect(workflow.jobs.cyrus.steps[2]?.with?.['config-file']).toBe('ci/cyrus.json');
    const config = parseConfigText(read(dir, 'ci/cyrus.json'), 'ci/cyrus.json');
    expect(config.codegen).toMatchObject({ enabled: true, orgId: 1234, strategy: 'hybrid-smart' });
    expect(config.trigger?.label).toBe("ai: it's go");
    expect(config.concurrency?.waitTimeoutMinutes).toBe(30);
  });

  it('follows the repository’s CI with workflow_run (by the names in .github/workflows), and writes the GITHUB_TOKEN fallback on request', async () => {
    const dir = tempDir('cyrus-init-');
    mkdirSync(path.join(dir, '.github', 'workflows'), { recursive: true });
    writeFileSync(
      path.join(dir, '.github', 'workflows', 'ci.yml'),
      'name: CI\non: [push, pull_request]\njobs: {}\n',
    );
    writeFileSync(
      path.join(dir, '.github', 'workflows', 'e2e.yml'),
      "name: 'E2E: browsers'\non: { pull_request: {} }\njobs: {}\n",
    );
    writeFileSync(
      path.join(dir, '.github', 'workflows', 'release.yml'),
      'name: Release\non: { push: { tags: [v*] } }\njobs: {}\n',
    );
    const run = await runCli(['init', '--github-token', 'actions'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const text = read(dir, '.github/workflows/cyrus.yml');
    const workflow = parse(text) as Workflow;
    expect(workflow.on.workflow_run).toEqual({ workflows: ['CI', 'E2E: browsers'], types: ['completed'] });
    expect(workflow.on.check_suite).toEqual({ types: ['completed'] });
    expect(workflow.jobs.cyrus.steps.map((s) => s.uses.split('@')[0])).toEqual([
      'actions/checkout',
      'cyrus/codegen-action',
    ]);
    expect(workflow.jobs.cyrus.steps[1]?.with?.['github-token']).toBeUndefined();
    expect(text).toContain('Allow GitHub Actions to create and approve');
    expect(text).toContain('start no workflows');
    // GITHUB_TOKEN lasts as long as the job: the longer default stays.
    expect(workflow.jobs.cyrus['timeout-minutes']).toBe(90);

    const bad = await runCli(['init', '--force', '--github-token', 'pat'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--github-token must be app or actions, found "pat"');
  });

  it('refuses a job longer than the App token lives, naming both ways out; allows it with GITHUB_TOKEN', async () => {
    const dir = tempDir('cyrus-init-');
    const long = await runCli(['init', '--timeout-minutes', '90'], { cwd: dir });
    expect(long.code).toBe(2);
    expect(long.stderr).toContain(
      "--timeout-minutes 90 is longer than the App token lives: actions/create-github-app-token's token expires after 60 minutes",
    );
    expect(long.stderr).toContain('--github-token actions');
    expect(existsSync(path.join(dir, '.github', 'workflows', 'cyrus.yml'))).toBe(false);

    const actions = await runCli(['init', '--timeout-minutes', '90', '--github-token', 'actions'], {
      cwd: dir,
    });
    expect(actions.code, actions.stderr).toBe(0);
    const workflow = parse(read(dir, '.github/workflows/cyrus.yml')) as Workflow;
    expect(workflow.jobs.cyrus['timeout-minutes']).toBe(90);
  });
});

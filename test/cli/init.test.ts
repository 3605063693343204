import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfigText, resolveConfig } from '../../src/config/index.js';
import { CLI_BUILD_TIMEOUT_MS, cliBundle, runCli, tempDir } from './helpers/cli.js';

interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  concurrency: { group: string; 'cancel-in-progress': boolean };
  jobs: {
    cyrus: {
      if: string;
      'timeout-minutes': number;
      permissions: Record<string, string>;
      steps: { uses: string; with?: Record<string, string> }[];
    };
  };
}

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
    expect(workflow.permissions).toEqual({});
    expect(workflow.jobs.cyrus.permissions).toEqual({
      contents: 'write',
      'pull-requests': 'write',
      issues: 'write',
      checks: 'write',
    });
    expect(workflow.concurrency['cancel-in-progress']).toBe(false);
    expect(workflow.concurrency.group).toContain('github.event.issue.number');
    expect(workflow.concurrency.group).toContain('inputs.issue');
    expect(workflow.jobs.cyrus['timeout-minutes']).toBe(90);
    expect(workflow.jobs.cyrus.if).toBe(
      "github.event_name != 'issues' || github.event.label.name == 'cyrus'",
    );
    const action = workflow.jobs.cyrus.steps.find((s) => s.uses.startsWith('cyrus/codegen-action@'));
    expect(action?.uses).toMatch(/^cyrus\/codegen-action@v\d+\.\d+\.\d+$/);
    expect(action?.with).toEqual({
      issue: '${{ inputs.issue }}',
      'linear-api-key': '${{ secrets.LINEAR_API_KEY }}',
      'anthropic-api-key': '${{ secrets.ANTHROPIC_API_KEY }}',
      'codegen-api-token': '${{ secrets.CODEGEN_API_TOKEN }}',
    });

    // The starter config loads through the action's own loader and resolves.
    const config = parseConfigText(read(dir, '.github/cyrus.yml'), '.github/cyrus.yml');
    const resolved = resolveConfig(config, {}, { hasCodegenToken: false });
    expect(resolved.trigger.label).toBe('cyrus');
    expect(resolved.concurrency.waitTimeoutMinutes).toBeLessThan(90);
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
    expect(workflow.jobs.cyrus.if).toBe(
      "github.event_name != 'issues' || github.event.label.name == 'ai: it''s go'",
    );
    expect(workflow.jobs.cyrus['timeout-minutes']).toBe(45);
    expect(workflow.jobs.cyrus.steps[1]?.with?.['config-file']).toBe('ci/cyrus.json');
    const config = parseConfigText(read(dir, 'ci/cyrus.json'), 'ci/cyrus.json');
    expect(config.codegen).toMatchObject({ enabled: true, orgId: 1234, strategy: 'hybrid-smart' });
    expect(config.trigger?.label).toBe("ai: it's go");
    expect(config.concurrency?.waitTimeoutMinutes).toBe(30);
  });
});

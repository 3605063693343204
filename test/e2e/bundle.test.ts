import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { labeledIssue, webhookPayload } from '../fixtures/webhooks.js';
import { runBundle } from '../helpers/run-bundle.js';

const token = { 'github-token': 'ghs_e2e_secret_token' };

describe('dist/index.js run as the runner runs it', () => {
  beforeAll(() => {
    if (!existsSync('dist/index.js')) throw new Error('dist/index.js is missing: run `npm run build` first');
  });

  it('with no inputs and no runner variables, exits non-zero and says what is missing', async () => {
    const run = await runBundle();
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::codegen-action cannot start');
    expect(run.stdout).toContain('GITHUB_EVENT_NAME is not set');
    expect(run.stdout).toContain('input "github-token" is not set');
  });

  it('an event file that is not JSON fails with a sentence naming GITHUB_EVENT_PATH, not a toolkit stack', async () => {
    const event = path.join(mkdtempSync(path.join(os.tmpdir(), 'bad-event-')), 'event.json');
    writeFileSync(event, '{"action": "labeled", ');
    const run = await runBundle({
      inputs: token,
      env: { GITHUB_EVENT_NAME: 'issues', GITHUB_EVENT_PATH: event },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `::error::Could not read the event payload at GITHUB_EVENT_PATH (${event}): `,
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/); // no stack frames
    expect(run.outputs.status).toBe('failure');
    expect(run.summary).toContain('### Error');
  });

  it('an unsupported event (a real push payload) is a clean skip with the reason in the summary', async () => {
    const run = await runBundle({ eventName: 'push', payload: webhookPayload('push'), inputs: token });
    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe('skipped');
    expect(run.outputs['pull-requests']).toBe('[]');
    expect(run.outputs['total-cost-usd']).toBe('0.00');
    expect(run.summary).toContain('⏭️ skipped');
    expect(run.summary).toContain('the "push" event does not start or continue work');
    expect(run.outputs.summary?.trim()).toBe(run.summary.trim());
    expect(run.stdout).toContain('Trigger: push → skip');
  });

  it('a label other than the trigger label is skipped, honouring the config file label', async () => {
    const run = await runBundle({
      eventName: 'issues',
      payload: labeledIssue('cyrus', 'octocat'),
      inputs: token,
      workspaceFiles: { '.github/cyrus.yml': 'trigger:\n  label: ai-work\n' },
    });
    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe('skipped');
    expect(run.summary).toContain('label "cyrus" is not the trigger label "ai-work"');
  });

  it('an invalid config file fails the step with the key path, without leaking the token', async () => {
    const run = await runBundle({
      eventName: 'issues',
      payload: labeledIssue('cyrus', 'octocat'),
      inputs: token,
      workspaceFiles: { '.github/cyrus.yml': 'codegen:\n  strategy: fastest\n  maxCostPerTask: -1\n' },
    });
    expect(run.code).toBe(1);
    expect(run.outputs.status).toBe('failure');
    expect(run.stdout).toContain('codegen.strategy: expected one of');
    expect(run.stdout).toContain('codegen.maxCostPerTask: expected a number ≥ 0, found -1');
    expect(run.summary).toContain('### Error');
    // The runner consumes `::add-mask::` lines; everything else must be free of the token.
    const printed = run.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'));
    expect(printed.join('\n') + run.summary).not.toContain('ghs_e2e_secret_token');
  });

  it('masks every secret input in the log as soon as it is read', async () => {
    const run = await runBundle({
      eventName: 'push',
      payload: webhookPayload('push'),
      inputs: {
        ...token,
        'linear-api-key': 'lin_api_e2e',
        'codegen-api-token': 'cg_e2e',
        'anthropic-api-key': 'sk-ant-e2e',
      },
    });
    for (const secret of ['ghs_e2e_secret_token', 'lin_api_e2e', 'cg_e2e', 'sk-ant-e2e']) {
      expect(run.stdout).toContain(`::add-mask::${secret}`);
    }
  });

  it('bad inputs fail with the input name and what was expected', async () => {
    const run = await runBundle({
      eventName: 'push',
      payload: {},
      inputs: { ...token, 'max-parallel': 'lots', strategy: 'fast' },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('input "max-parallel": expected a positive whole number');
    expect(run.stdout).toContain('input "strategy": expected one of local-only');
  });
});

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labeledIssue, webhookPayload } from '../fixtures/webhooks.js';
import { NO_SANDBOX } from '../helpers/sandbox-gate.js';
import { CLAUDE_INSTALL_TIMEOUT_MS } from '../standins/anthropic/index.js';
import type { LinearStandIn } from '../standins/linear/index.js';
import { OWNER, REPO, startWorld, type World } from './world.js';

let world: World;
let linear: LinearStandIn;
beforeAll(async () => {
  world = await startWorld();
  if (!world.linear) throw new Error('these tests need the Linear stand-in');
  linear = world.linear;
}, CLAUDE_INSTALL_TIMEOUT_MS);
afterAll(() => world?.close());

const ONE_CLOUD_TASK = {
  summary: 'One task',
  tasks: [
    {
      id: 'work',
      title: 'The work',
      kind: 'implementation',
      prompt: 'Do the work.',
      files: [],
      acceptance: [],
      dependsOn: [],
      requiresIsolation: false,
      size: 'l',
    },
  ],
};

describe('triggers end to end through dist/index.js', () => {
  it('a scheduled sweep applies the label gate to whoever applied the label (issue events), and skips refused ones', async () => {
    world.plan = ONE_CLOUD_TASK;
    world.github.state.setPermission(OWNER, REPO, 'triager', 'triage');
    const byTriager = world.github.state.addIssue(OWNER, REPO, {
      title: 'Labelled by a triager',
      labels: ['cyrus'],
      labeledBy: { login: 'triager' },
    });
    const byStrangeBot = world.github.state.addIssue(OWNER, REPO, {
      title: 'Labelled by a bot not allowed',
      labels: ['cyrus'],
      labeledBy: { login: 'issue-form[bot]', type: 'Bot' },
    });
    mkdirSync(path.join(world.workspace, '.github'), { recursive: true });
    writeFileSync(path.join(world.workspace, '.github/cyrus.yml'), 'sweep:\n  maxIssues: 10\n');
    const run = await world.action({
      eventName: 'schedule',
      payload: { schedule: '*/30 * * * *' },
      linear: false,
      inputs: { wait: 'false', strategy: 'cloud-only' },
    });
    expect(run.code, run.stdout.slice(-4000)).toBe(0);
    const ledger = world.ledger();
    expect(await ledger.readIssue(`#${byTriager.number}`)).toBeNull();
    expect(await ledger.readIssue(`#${byStrangeBot.number}`)).toBeNull();
    expect(run.stdout).toContain(
      `Sweep: skipping #${byTriager.number}: label refused: triager has triage permission`,
    );
    expect(run.stdout).toContain(
      `Sweep: skipping #${byStrangeBot.number}: label refused: bot issue-form[bot] is not in allowed-bots`,
    );
    // Closed again, so later sweeps do not see them.
    byTriager.state = 'closed';
    byStrangeBot.state = 'closed';
  }, 180_000);

  it('a label from someone without write access is a clean skip, with the reason in the summary', async () => {
    world.github.state.setPermission(OWNER, REPO, 'mallory', 'read');
    const run = await world.action({ eventName: 'issues', payload: labeledIssue('cyrus', 'mallory') });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.status).toBe('skipped');
    expect(run.summary).toContain('label refused: mallory has read permission on the repository');
    expect(run.stdout).toContain('Trigger: issues → skip');
    expect(await world.ledger().listIssues()).toEqual([]);
    expect(world.codegen.stats.total).toBe(0);
  });

  it.skipIf(NO_SANDBOX)(
    'wait: false dispatches and exits; the check_suite event that follows completes the work',
    async () => {
      world.plan = ONE_CLOUD_TASK;
      const payload = labeledIssue('cyrus', 'linear[bot]', 'Bot') as {
        issue: { html_url: string; number: number };
      };
      payload.issue.number = 907; // never one the stand-in numbers (the sweep test creates issues)
      payload.issue.html_url = 'https://github.com/acme/widgets/issues/907';
      const team = linear.world.addTeam('OPS');
      const issue = linear.world.addIssue({ team, title: 'Async', githubUrl: payload.issue.html_url });

      const first = await world.action({
        eventName: 'issues',
        payload,
        inputs: { wait: 'false', strategy: 'cloud-only' },
      });
      expect(first.code, first.stdout).toBe(0);
      expect(first.outputs.status).toBe('pending');
      expect((await world.ledger().readIssue(issue.identifier))?.tasks.work?.state).toBe('running');

      // The run finishes in the cloud; the PR's CI completes and GitHub sends check_suite.
      await new Promise((r) => setTimeout(r, 3_000));
      const second = await world.action({
        eventName: 'check_suite',
        payload: webhookPayload('check_suite', 'completed'),
      });
      expect(second.code, second.stdout).toBe(0);
      expect(second.outputs.status).toBe('success');
      const record = await world.ledger().readIssue(issue.identifier);
      expect(record?.status).toBe('succeeded');
      expect(record?.tasks.work?.attempts).toHaveLength(1);
      expect(linear.world.commentsOn(issue.id)).toHaveLength(1);
      expect(linear.world.stateOf(issue).name).toBe('In Review');
    },
    120_000,
  );

  it.skipIf(NO_SANDBOX)(
    'wait: false with GitHub Actions CI: the workflow_run completed event (what init and README subscribe to) completes the work',
    async () => {
      world.plan = ONE_CLOUD_TASK;
      const payload = labeledIssue('cyrus', 'linear[bot]', 'Bot') as {
        issue: { html_url: string; number: number };
      };
      payload.issue.number = 908;
      payload.issue.html_url = 'https://github.com/acme/widgets/issues/908';
      const issue = linear.world.addIssue({
        team: linear.world.addTeam('RUN'),
        title: 'Async via workflow_run',
        githubUrl: payload.issue.html_url,
      });

      const first = await world.action({
        eventName: 'issues',
        payload,
        inputs: { wait: 'false', strategy: 'cloud-only' },
      });
      expect(first.outputs.status, first.stdout.slice(-3000)).toBe('pending');

      // Actions CI finishing raises workflow_run (check_suite is not raised for Actions' own suites).
      await new Promise((r) => setTimeout(r, 3_000));
      const second = await world.action({
        eventName: 'workflow_run',
        payload: webhookPayload('workflow_run', 'completed'),
      });
      expect(second.code, second.stdout.slice(-3000)).toBe(0);
      expect(second.stdout).toMatch(/Trigger: workflow_run → mode reconcile: workflow_run completed/);
      expect(second.outputs.status).toBe('success');
      expect((await world.ledger().readIssue(issue.identifier))?.status).toBe('succeeded');
    },
    120_000,
  );

  it.skipIf(NO_SANDBOX)(
    'a scheduled sweep starts the labelled, unclaimed issues, oldest first, up to sweep.maxIssues',
    async () => {
      world.plan = ONE_CLOUD_TASK;
      const created = ['first', 'second', 'third', 'fourth'].map((title) =>
        world.github.state.addIssue(OWNER, REPO, {
          title: `Sweep ${title}`,
          body: `Do the ${title} thing.`,
          labels: ['cyrus'],
        }),
      );
      world.github.state.addIssue(OWNER, REPO, { title: 'Not labelled', labels: ['bug'] });
      mkdirSync(path.join(world.workspace, '.github'), { recursive: true });
      writeFileSync(path.join(world.workspace, '.github/cyrus.yml'), 'sweep:\n  maxIssues: 3\n');
      const run = await world.action({
        eventName: 'schedule',
        payload: { schedule: '*/30 * * * *' },
        linear: false,
        inputs: { wait: 'false', strategy: 'cloud-only' },
      });
      expect(run.code, run.stdout.slice(-4000)).toBe(0);
      const swept = created.slice(0, 3).map((i) => `#${i.number}`);
      const ledger = world.ledger();
      for (const id of swept) expect((await ledger.readIssue(id))?.tasks.work?.state, id).toBe('running');
      expect(await ledger.readIssue(`#${created[3]?.number}`)).toBeNull();
      expect(run.stdout).toMatch(
        /Sweep: \d+ open issue\(s\) labelled "cyrus", 3 not yet claimed|Sweep: \d+ open issue\(s\) labelled "cyrus", \d+ not yet claimed/,
      );
      // Without a Linear twin, progress is reported in one comment on each GitHub issue.
      for (const issue of created.slice(0, 3)) {
        const comments =
          world.github.state.repo(OWNER, REPO)?.comments.filter((c) => c.issueNumber === issue.number) ?? [];
        expect(comments.length, `#${issue.number}`).toBe(1);
      }
    },
    180_000,
  );

  it('on a pull_request event, reads the config from the base branch, not from the PR', async () => {
    world.github.state.putFile(
      OWNER,
      REPO,
      'main',
      '.github/cyrus.yml',
      'codegen:\n  strategy: local-only\n',
    );
    const payload = webhookPayload('pull_request', 'opened') as {
      pull_request: { base: { ref: string } };
    };
    payload.pull_request.base.ref = 'main';
    // The workspace is the PR's merge commit: its config asks for its own command and strategy.
    const prConfig = path.join(world.workspace, '.github/cyrus.yml');
    mkdirSync(path.dirname(prConfig), { recursive: true });
    writeFileSync(
      prConfig,
      'codegen:\n  strategy: cost-optimized\nvalidation:\n  command: echo PWNED-BY-PR\n',
    );
    const run = await world
      .action({ eventName: 'pull_request', payload, linear: false })
      .finally(() => rmSync(prConfig, { force: true }));
    expect(run.code, run.stdout.slice(-4000)).toBe(0);
    expect(run.stdout).toContain('Config: .github/cyrus.yml from the base branch main; strategy local-only');
    expect(run.stdout).not.toContain('cost-optimized');
  }, 120_000);
});

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_SANDBOX } from '../helpers/sandbox-gate.js';
import { CLAUDE_INSTALL_TIMEOUT_MS } from '../standins/anthropic/index.js';
import type { LinearStandIn } from '../standins/linear/index.js';
import { ONE_CLOUD_TASK, OWNER, REPO, startWorld, type World } from './world.js';

let world: World;
let linear: LinearStandIn;
beforeAll(async () => {
  world = await startWorld();
  if (!world.linear) throw new Error('these tests need the Linear stand-in');
  linear = world.linear;
  world.plan = ONE_CLOUD_TASK;
}, CLAUDE_INSTALL_TIMEOUT_MS);
afterAll(() => world?.close());

function writeConfig(text: string): void {
  mkdirSync(path.join(world.workspace, '.github'), { recursive: true });
  writeFileSync(path.join(world.workspace, '.github/cyrus.yml'), text);
}

/** The Linear label named like the trigger label (the first test adds it). */
function triggerLabel() {
  const w = linear.world;
  return [...w.labels.values()].find((l) => l.name === 'cyrus') ?? w.addLabel('cyrus');
}

const schedule = (wait: 'true' | 'false') =>
  world.action({
    eventName: 'schedule',
    payload: { schedule: '*/30 * * * *' },
    inputs: { wait, strategy: 'cloud-only' },
  });

describe.skipIf(NO_SANDBOX)('the sweep finds work in Linear, through dist/index.js', () => {
  it('starts a Linear-only labelled issue and a delegated one, refuses a guest’s label, works a synced twin once', async () => {
    const w = linear.world;
    const eng = w.addTeam('ENG');
    const ops = w.addTeam('OPS');
    const label = w.addLabel('cyrus');
    const alice = w.addUser('Alice');
    const gary = w.addUser('Gary', { guest: true });

    const labelled = w.addIssue({ team: eng, title: 'Labelled in Linear', description: 'Add a greeting.' });
    w.history.applyLabel(labelled, label, { userId: alice.id });
    const delegated = w.addIssue({ team: eng, title: 'Delegated in Linear' });
    w.history.delegateIssue(delegated, w.viewer, { userId: alice.id });
    const byGuest = w.addIssue({ team: eng, title: 'Labelled by a guest' });
    w.history.applyLabel(byGuest, label, { userId: gary.id });
    const done = w.addIssue({ team: eng, title: 'Already done', state: 'Done' });
    w.history.applyLabel(done, label, { userId: alice.id });
    const otherTeam = w.addIssue({ team: ops, title: 'Another team' });
    w.history.applyLabel(otherTeam, label, { userId: alice.id });
    // Synced with a GitHub issue labelled there too: the same work, started once.
    const onGitHub = world.github.state.addIssue(OWNER, REPO, { title: 'Synced', labels: ['cyrus'] });
    const twin = w.addIssue({
      team: eng,
      title: 'Synced',
      githubUrl: `${world.github.url}/${OWNER}/${REPO}/issues/${onGitHub.number}`,
    });
    w.history.applyLabel(twin, label, { bot: { name: 'GitHub', type: 'github' } });

    writeConfig('sweep:\n  maxIssues: 10\nlinear:\n  teams: [eng]\n');
    const run = await schedule('true');
    expect(run.code, run.stdout.slice(-4000)).toBe(0);
    expect(linear.invalidQueries).toEqual([]);

    const ledger = world.ledger();
    const records = await ledger.listIssues();
    expect(records.map((r) => r.issue.identifier).sort()).toEqual(
      [labelled.identifier, delegated.identifier, twin.identifier].sort(),
    );
    // The twin is worked as its GitHub issue (reported on both), under its Linear identity.
    expect(records.find((r) => r.issue.identifier === twin.identifier)?.issue.githubIssueNumber).toBe(
      onGitHub.number,
    );
    expect(run.stdout).toContain(
      `Sweep: ${twin.identifier} is already known (as GitHub issue #${onGitHub.number})`,
    );
    for (const issue of [labelled, delegated]) {
      const record = records.find((r) => r.issue.identifier === issue.identifier);
      expect(record?.issue.githubIssueNumber, issue.identifier).toBeUndefined();
      expect(record?.tasks.api?.state, issue.identifier).toBe('succeeded');
      // PRs carry the identifier (Linear links them); the report is the Linear tracking comment.
      const pr = world.github.state
        .pullRequests(OWNER, REPO)
        .find((p) => p.head.ref === `cyrus/${issue.identifier.toLowerCase()}-api`);
      expect(pr?.title, issue.identifier).toContain(issue.identifier);
      const comments = w.commentsOn(issue.id);
      expect(comments, issue.identifier).toHaveLength(1);
      expect(comments[0]?.body).toContain(pr?.html_url ?? '?');
    }
    // No GitHub issue was invented for Linear-only work.
    const titles = world.github.state.repo(OWNER, REPO)?.issues.map((i) => i.title) ?? [];
    expect(titles).not.toContain(labelled.title);
    expect(titles).not.toContain(delegated.title);

    const refusal = `Sweep: skipping ${byGuest.identifier}: Linear trigger refused: Gary (gary@acme.test) applied "cyrus" but is a guest`;
    expect(run.stdout).toContain(refusal);
    expect(run.summary).toContain(`${byGuest.identifier}: Linear trigger refused`);
    expect(run.stdout).toContain(
      `Sweep: ${delegated.identifier} counts: Alice (alice@acme.test) delegated the issue`,
    );
    for (const skipped of [byGuest, done, otherTeam]) {
      expect(await ledger.readIssue(skipped.identifier), skipped.identifier).toBeNull();
    }
    // One page was one query, within Linear's complexity cap.
    const sweeps = linear.requests.filter((r) => r.operationName === 'CyrusTriggeredIssues');
    expect(sweeps).toHaveLength(1);
    expect(sweeps[0]?.complexity ?? Infinity).toBeLessThanOrEqual(10_000);

    // Out of the way of the next test.
    for (const issue of [labelled, delegated, twin, byGuest]) issue.stateId = w.stateNamed(eng.id, 'Done').id;
    onGitHub.state = 'closed';
  }, 300_000);

  it('caps GitHub and Linear issues together by sweep.maxIssues', async () => {
    const w = linear.world;
    const team = w.addTeam('CAP');
    const label = triggerLabel();
    const alice = w.addUser('Alicia');
    const onGitHub = world.github.state.addIssue(OWNER, REPO, { title: 'GitHub work', labels: ['cyrus'] });
    const first = w.addIssue({ team, title: 'First in Linear' });
    w.history.applyLabel(first, label, { userId: alice.id });
    const second = w.addIssue({ team, title: 'Second in Linear' });
    w.history.applyLabel(second, label, { userId: alice.id });

    writeConfig('sweep:\n  maxIssues: 2\nlinear:\n  teams: [CAP]\n  triggers:\n    delegated: false\n');
    const run = await schedule('false');
    expect(run.code, run.stdout.slice(-4000)).toBe(0);
    const ledger = world.ledger();
    const started = (await ledger.listIssues()).filter(
      (r) => r.issue.githubIssueNumber === onGitHub.number || r.issue.identifier.startsWith('CAP-'),
    );
    expect(started.map((r) => r.issue.identifier).sort()).toEqual([`#${onGitHub.number}`, first.identifier]);
    expect(await ledger.readIssue(second.identifier)).toBeNull();
  }, 300_000);

  it('a Linear issue whose synced GitHub twin is not labelled there runs as that GitHub issue, once', async () => {
    const w = linear.world;
    const team = w.addTeam('TWN');
    const label = triggerLabel();
    const bea = w.addUser('Bea');
    const onGitHub = world.github.state.addIssue(OWNER, REPO, { title: 'Synced, unlabelled' });
    const twin = w.addIssue({
      team,
      title: 'Synced, unlabelled',
      githubUrl: `${world.github.url}/${OWNER}/${REPO}/issues/${onGitHub.number}`,
    });
    w.history.applyLabel(twin, label, { userId: bea.id });
    writeConfig('sweep:\n  maxIssues: 5\nlinear:\n  teams: [TWN]\n');
    const run = await schedule('false');
    expect(run.code, run.stdout.slice(-4000)).toBe(0);
    expect(run.stdout).toContain(`to start: ${twin.identifier} (#${onGitHub.number})`);
    const record = await world.ledger().readIssue(twin.identifier);
    expect(record?.issue.githubIssueNumber).toBe(onGitHub.number);
    expect(await world.ledger().readIssue(`#${onGitHub.number}`)).toBeNull();
    // The next sweep knows it by its ledger record: not started twice.
    const again = await schedule('false');
    expect(again.stdout).toContain(
      `Sweep: ${twin.identifier} is already known (as GitHub issue #${onGitHub.number})`,
    );
    expect(again.stdout).toContain('in Linear team(s) TWN, 0 to start');
  }, 300_000);

  it('with Linear failing, still starts the GitHub issues and says why Linear was left out', async () => {
    linear.inject({ fault: { kind: 'fieldError', field: 'issues', message: 'Argument Validation Error' } });
    const onGitHub = world.github.state.addIssue(OWNER, REPO, { title: 'Still started', labels: ['cyrus'] });
    writeConfig('sweep:\n  maxIssues: 5\nlinear:\n  teams: [CAP]\n');
    const run = await schedule('false');
    expect(run.code, run.stdout.slice(-4000)).toBe(0);
    expect(run.stdout).toMatch(
      /Sweep: reading Linear failed \(.*Argument Validation Error.*\); starting the GitHub issues only/,
    );
    expect((await world.ledger().readIssue(`#${onGitHub.number}`))?.tasks.api?.state).toBe('running');
  }, 300_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../src/domain/index.js';
import { createGitHubClient } from '../../src/github/index.js';
import { GitHubBranchStore, type IssueRecord, Ledger } from '../../src/ledger/index.js';
import { systemClock } from '../../src/util/clock.js';
import { type BundleOptions, runBundle, startBundle } from '../helpers/run-bundle.js';
import { AUTH_PLAN, makeJob, OWNER, REPO } from '../orchestrator/harness.js';
import { openPullRequestOnFinish } from '../standins/codegen/github-app.js';
import { type CodegenStandIn, lifecycle, startCodegenStandIn } from '../standins/codegen/index.js';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';

const STATE_BRANCH = 'cyrus-state';
let github: GitHubStandIn;
let codegen: CodegenStandIn;

beforeAll(async () => {
  github = await startGitHubStandIn();
  github.state.addRepo({ owner: OWNER, repo: REPO });
  github.state.ci = { conclusion: () => 'success' };
  codegen = await startCodegenStandIn({
    repos: [`${OWNER}/${REPO}`],
    script: () =>
      lifecycle({
        durationMs: 2_000,
        queuedMs: 500,
        onFinish: openPullRequestOnFinish(github.state, { owner: OWNER, repo: REPO }),
      }),
  });
});
afterAll(async () => {
  await codegen.close();
  await github.close();
});

function ledger(): Ledger {
  return new Ledger(
    new GitHubBranchStore(
      createGitHubClient({ token: 'ghs_test', baseUrl: github.url, throttleId: `test-${Math.random()}` }),
      { owner: OWNER, repo: REPO },
      STATE_BRANCH,
    ),
    systemClock,
  );
}

/** What `mode: plan` leaves in the ledger: the issue claimed and its plan recorded, every task pending. */
async function seedPlan(identifier: string, plan: Plan): Promise<void> {
  const l = ledger();
  await l.claimIssue({ identifier, title: 'Add login and signup' }, 'plan-job');
  const now = new Date().toISOString();
  await l.updateIssue(identifier, (r) => ({
    ...r,
    plan,
    strategy: 'cloud-only',
    status: 'running',
    tasks: Object.fromEntries(
      plan.tasks.map((t) => [
        t.id,
        { id: t.id, title: t.title, state: 'pending' as const, attempts: [], updatedAt: now },
      ]),
    ),
  }));
}

function job(mode: 'execute' | 'reconcile', extra: Record<string, string> = {}) {
  return runBundle(jobOptions(mode, extra));
}

function jobOptions(mode: 'execute' | 'reconcile', extra: Record<string, string> = {}): BundleOptions {
  return {
    eventName: 'workflow_dispatch',
    payload: {},
    inputs: {
      mode,
      'github-token': 'ghs_test',
      'codegen-api-token': 'cg_test_token',
      'codegen-org-id': '42',
      'codegen-api-url': codegen.url,
      strategy: 'cloud-only',
      ...extra,
    },
    env: { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: `${OWNER}/${REPO}` },
    timeoutMs: 120_000,
  };
}

/** The parts of a record that must not depend on how the work was spread over jobs. */
function shape(record: IssueRecord | null) {
  if (!record) return null;
  const id = record.issue.identifier.toLowerCase();
  return {
    status: record.status,
    tasks: Object.values(record.tasks).map((t) => ({
      id: t.id,
      state: t.state,
      executor: t.executor,
      branch: t.branch?.replace(id, 'ISSUE'),
      baseBranch: t.baseBranch?.replace(id, 'ISSUE'),
      pullRequest: Boolean(t.pullRequest),
      attempts: t.attempts.map((a) => [a.number, a.executor, a.status]),
    })),
  };
}

describe('distributed execution (SPEC §8): plan → execute × 3 in parallel → reconcile', () => {
  it('ends with the same ledger as one in-process run of the same plan', async () => {
    await seedPlan('ENG-5', AUTH_PLAN);
    const runs = await Promise.all(
      AUTH_PLAN.tasks.map((t) =>
        job('execute', { task: JSON.stringify({ issue: 'ENG-5', task: t.id, title: t.title }) }),
      ),
    );
    for (const run of runs) expect(run.code, run.stdout).toBe(0);
    expect(runs.map((r) => r.outputs.status)).toEqual(['success', 'success', 'pending']);
    expect(runs[2]?.stdout).toContain('task tests waits for api, ui; reconcile starts it once they are done');

    const reconcile = await job('reconcile');
    expect(reconcile.code, reconcile.stdout).toBe(0);
    expect(reconcile.outputs.status).toBe('success');
    expect(JSON.parse(reconcile.outputs['pull-requests'] ?? '[]')).toHaveLength(3);
    const distributed = await ledger().readIssue('ENG-5');

    await seedPlan('ENG-6', AUTH_PLAN);
    const inProcess = makeJob({
      clock: systemClock,
      codegen,
      github,
      store: 'github',
      location: STATE_BRANCH,
    });
    await inProcess.orchestrator.run({
      issue: { identifier: 'ENG-6', title: 'Add login and signup' },
      plan: AUTH_PLAN,
      strategyName: 'cloud-only',
    });
    inProcess.monitor.close();

    expect(shape(distributed)).toEqual(shape(await ledger().readIssue('ENG-6')));
    expect(shape(distributed)?.status).toBe('succeeded');
    // Each task was dispatched once, across all the jobs.
    const creates = codegen.requests.filter((r) => r.route === 'create' && r.status < 300);
    const keys = creates.map((r) =>
      String((r.body as { metadata?: { ledgerKey?: string } }).metadata?.ledgerKey),
    );
    expect(keys.filter((k) => k.startsWith('ENG-5/')).sort()).toEqual([
      'ENG-5/api/1',
      'ENG-5/tests/1',
      'ENG-5/ui/1',
    ]);
  }, 240_000);
});

describe('a job killed right after dispatching', () => {
  it('is resumed from the ledger alone by the next job, without a second dispatch', async () => {
    const plan = { ...AUTH_PLAN, tasks: [AUTH_PLAN.tasks[0]] } as Plan;
    await seedPlan('ENG-7', plan);
    const first = startBundle(
      jobOptions('execute', { task: JSON.stringify({ issue: 'ENG-7', task: 'api' }) }),
    );
    // Wait until the run is dispatched and its session recorded, then kill the job outright.
    const deadline = Date.now() + 60_000;
    let sessionId: string | null | undefined;
    while (!sessionId && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      sessionId = (await ledger().readIssue('ENG-7'))?.tasks.api?.attempts[0]?.sessionId;
    }
    expect(sessionId).toMatch(/^\d+$/);
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.code).toBeNull();

    const next = await job('reconcile', { issue: 'ENG-7' });
    expect(next.code, next.stdout).toBe(0);
    const record = await ledger().readIssue('ENG-7');
    expect(
      next.outputs.status,
      `${JSON.stringify(record, null, 1)}\n${next.stdout
        .split('\n')
        .filter((l) => !l.startsWith('::debug'))
        .join('\n')}`,
    ).toBe('success');
    expect(record?.tasks.api?.state).toBe('succeeded');
    expect(record?.tasks.api?.attempts.map((a) => [a.number, a.sessionId, a.status])).toEqual([
      [1, sessionId, 'succeeded'],
    ]);
    const creates = codegen.requests.filter(
      (r) =>
        r.route === 'create' &&
        String((r.body as { metadata?: { ledgerKey?: string } }).metadata?.ledgerKey).startsWith('ENG-7/'),
    );
    expect(creates).toHaveLength(1);
  }, 180_000);
});

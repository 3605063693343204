import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ExecutionContext,
  type ExecutionResult,
  Plan,
  type ProgressEvent,
  type TaskExecutor,
} from '../../src/domain/index.js';
import type { Clock } from '../../src/util/clock.js';
import { testClock } from '../helpers/fixed-time.js';
import { openPullRequestOnFinish } from '../standins/codegen/github-app.js';
import {
  type CodegenStandIn,
  lifecycle,
  type ScriptFor,
  startCodegenStandIn,
} from '../standins/codegen/index.js';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';
import {
  AUTH_PLAN,
  createsByKey,
  ISSUE,
  type JobOptions,
  makeJob,
  newLocation,
  OWNER,
  REPO,
} from './harness.js';

let clock: Clock;
let github: GitHubStandIn;
let codegen: CodegenStandIn;
let script: ScriptFor;

beforeEach(async () => {
  // One simulated minute is 20 real milliseconds.
  clock = testClock(3_000);
  github = await startGitHubStandIn();
  github.state.addRepo({ owner: OWNER, repo: REPO });
  const opensPr = openPullRequestOnFinish(github.state, { owner: OWNER, repo: REPO });
  script = () => lifecycle({ durationMs: 30 * 60_000, onFinish: opensPr });
  codegen = await startCodegenStandIn({
    clock,
    repos: [`${OWNER}/${REPO}`],
    script: (input) => script(input),
  });
});
afterEach(async () => {
  await codegen.close();
  await github.close();
});

function job(extra: Partial<JobOptions> & Pick<JobOptions, 'location' | 'store'>) {
  return makeJob({ clock, codegen, github, ...extra });
}

async function claimed(j: ReturnType<typeof job>) {
  await j.ledger.claimIssue(ISSUE, j.settings.runId);
  return j;
}

describe('TaskOrchestrator with Codegen (cloud-only)', () => {
  it('runs a DAG: independent tasks in parallel, the dependent from its prerequisite branch, each dispatched once', async () => {
    const j = await claimed(job({ store: 'dir', location: newLocation('dir') }));
    const record = await j.orchestrator.run({ issue: ISSUE, plan: AUTH_PLAN, strategyName: 'cloud-only' });
    j.monitor.close();
    expect(record.status).toBe('succeeded');
    expect(Object.values(record.tasks).map((t) => [t.id, t.state, t.executor])).toEqual([
      ['api', 'succeeded', 'codegen'],
      ['ui', 'succeeded', 'codegen'],
      ['tests', 'succeeded', 'codegen'],
    ]);
    expect(record.tasks.tests?.baseBranch).toBe('cyrus/eng-9-api');
    expect(record.tasks.api?.pullRequest?.url).toMatch(/\/pull\/\d+$/);
    expect(createsByKey(codegen)).toEqual({ 'ENG-9/api/1': 1, 'ENG-9/ui/1': 1, 'ENG-9/tests/1': 1 });
    // The dependent was created only after both prerequisites had finished.
    const creates = codegen.requests.filter((r) => r.route === 'create');
    expect(creates[2]?.at).toBeGreaterThanOrEqual((creates[0]?.at ?? 0) + 30 * 60_000);
    expect(j.logger.text()).toMatch(
      /Task api → codegen \(attempt 1\): strategy cloud-only runs every task on Codegen/,
    );
    const spend = await j.ledger.readSpend(new Date(clock.now()).toISOString().slice(0, 10));
    expect(Object.values(spend?.reservations ?? {}).map((r) => [r.settledUsd, r.estimated])).toEqual([
      [0.5, true],
      [0.5, true],
      [0.5, true],
    ]);
  });

  it('two jobs on the same issue at once dispatch each task exactly once (GitHub ledger, sha preconditions)', async () => {
    const location = newLocation('github');
    // Ledger writes to GitHub are spaced a real second apart (GitHub's guidance). On this fast
    // simulated clock, give deadlines and liveness the room those real seconds take.
    const day = 24 * 60 * 60_000;
    const settings = {
      deadline: clock.now() + 30 * day,
      liveness: { heartbeatMs: day, staleAfterMs: 3 * day },
    };
    const [a, b] = [
      job({ store: 'github', location, settings }),
      job({ store: 'github', location, settings }),
    ];
    await Promise.all([
      a.ledger.claimIssue(ISSUE, a.settings.runId),
      b.ledger.claimIssue(ISSUE, b.settings.runId),
    ]);
    const [ra, rb] = await Promise.all([
      a.orchestrator.run({ issue: ISSUE, plan: AUTH_PLAN, strategyName: 'cloud-only' }),
      b.orchestrator.run({ issue: ISSUE, plan: AUTH_PLAN, strategyName: 'cloud-only' }),
    ]);
    a.monitor.close();
    b.monitor.close();
    expect(createsByKey(codegen)).toEqual({ 'ENG-9/api/1': 1, 'ENG-9/ui/1': 1, 'ENG-9/tests/1': 1 });
    const final = (await a.ledger.readIssue('ENG-9'))?.status;
    expect(final).toBe('succeeded');
    expect([ra.status, rb.status].every((s) => s === 'succeeded' || s === 'waiting')).toBe(true);
  }, 120_000);

  it('a job that dispatched and stopped is resumed by the next one without a second dispatch', async () => {
    const location = newLocation('dir');
    const first = await claimed(job({ store: 'dir', location, settings: { wait: false } }));
    const after = await first.orchestrator.run({ issue: ISSUE, plan: AUTH_PLAN, strategyName: 'cloud-only' });
    first.monitor.close();
    expect(after.status).toBe('waiting');
    expect(Object.values(after.tasks).map((t) => t.state)).toEqual(['running', 'running', 'pending']);
    expect(after.tasks.api?.attempts[0]?.sessionId).toMatch(/^\d+$/);

    const second = job({ store: 'dir', location });
    const record = await second.orchestrator.run({
      issue: ISSUE,
      plan: AUTH_PLAN,
      strategyName: 'cloud-only',
    });
    second.monitor.close();
    expect(record.status).toBe('succeeded');
    expect(createsByKey(codegen)).toEqual({ 'ENG-9/api/1': 1, 'ENG-9/ui/1': 1, 'ENG-9/tests/1': 1 });
  });

  it('defers a dispatch that would pass max-cost-per-day and says so', async () => {
    const j = await claimed(
      job({ store: 'dir', location: newLocation('dir'), settings: { maxCostPerDayUsd: 1.2 } }),
    );
    const record = await j.orchestrator.run({ issue: ISSUE, plan: AUTH_PLAN, strategyName: 'cloud-only' });
    j.monitor.close();
    expect(record.tasks.api?.state).toBe('succeeded');
    expect(record.tasks.ui?.state).toBe('succeeded');
    expect(record.tasks.tests?.state).toBe('deferred');
    expect(record.tasks.tests?.note).toMatch(
      /deferred by the daily budget: \$1\.00 of the \$1\.20 daily budget is committed/,
    );
    expect(record.status).toBe('waiting');
    expect(createsByKey(codegen)['ENG-9/tests/1']).toBeUndefined();
  });

  it('retries a finished run that opened no PR with a new run given the evidence (resume is for paused runs), then succeeds', async () => {
    const opensPr = openPullRequestOnFinish(github.state, { owner: OWNER, repo: REPO });
    script = (input) => {
      const retry = input.metadata?.attempt === 2;
      return lifecycle({
        durationMs: 10 * 60_000,
        onFinish: retry ? opensPr : undefined,
        summary: retry ? 'Opened the PR.' : 'Done, but no PR.',
      });
    };
    const plan = Plan.parse({ summary: 's', tasks: [AUTH_PLAN.tasks[0]] });
    const j = await claimed(job({ store: 'dir', location: newLocation('dir') }));
    const record = await j.orchestrator.run({ issue: ISSUE, plan, strategyName: 'cloud-only' });
    j.monitor.close();
    expect(record.tasks.api?.state).toBe('succeeded');
    expect(record.tasks.api?.attempts.map((a) => [a.status, a.failure?.kind])).toEqual([
      ['failed', 'no_pull_request'],
      ['succeeded', undefined],
    ]);
    expect(codegen.requests.filter((r) => r.route === 'resume')).toHaveLength(0);
    const retry = codegen.requests.filter((r) => r.route === 'create').at(-1);
    expect(JSON.stringify(retry?.body)).toContain('The previous attempt did not succeed');
    expect(createsByKey(codegen)).toEqual({ 'ENG-9/api/1': 1, 'ENG-9/api/2': 1 });
  });

  it('fails a task whose runs keep failing after the fix attempts, and holds its dependents', async () => {
    script = (input) =>
      String(input.metadata?.task) === 'api'
        ? lifecycle({ durationMs: 5 * 60_000, final: 'FAILED', summary: 'Could not build.' })
        : lifecycle({
            durationMs: 5 * 60_000,
            onFinish: openPullRequestOnFinish(github.state, { owner: OWNER, repo: REPO }),
          });
    const j = await claimed(
      job({ store: 'dir', location: newLocation('dir'), settings: { fixAttempts: 1 } }),
    );
    const record = await j.orchestrator.run({ issue: ISSUE, plan: AUTH_PLAN, strategyName: 'cloud-only' });
    j.monitor.close();
    expect(record.tasks.api?.state).toBe('failed');
    expect(record.tasks.api?.attempts).toHaveLength(2);
    expect(record.tasks.ui?.state).toBe('succeeded');
    expect(record.tasks.tests).toMatchObject({ state: 'held', note: 'held: prerequisite api failed' });
    expect(record.status).toBe('partial');
  });
});

describe('TaskOrchestrator and PR validation', () => {
  it('hands a failed validation back to the agent with its evidence, then succeeds', async () => {
    const plan = Plan.parse({ summary: 's', tasks: [AUTH_PLAN.tasks[0]] });
    let calls = 0;
    const j = await claimed(
      job({
        store: 'dir',
        location: newLocation('dir'),
        deps: {
          verify: async () =>
            ++calls === 1
              ? {
                  verdict: 'failed',
                  reasons: ['check "test" failed'],
                  evidence: 'Failing checks:\n- test: failure — 2 tests failed',
                }
              : { verdict: 'passed', reasons: [] },
        },
      }),
    );
    const record = await j.orchestrator.run({ issue: ISSUE, plan, strategyName: 'cloud-only' });
    j.monitor.close();
    expect(record.tasks.api?.state).toBe('succeeded');
    expect(record.tasks.api?.attempts.map((a) => a.status)).toEqual(['failed', 'succeeded']);
    // The finished run is not resumed: a new run gets the evidence and the same branch.
    expect(codegen.requests.filter((r) => r.route === 'resume')).toHaveLength(0);
    const fix = codegen.requests.filter((r) => r.route === 'create').at(-1);
    expect(JSON.stringify(fix?.body)).toContain('2 tests failed');
    expect(JSON.stringify(fix?.body)).toContain('Check out the existing branch');
  });

  it('ends the task with the reason when validation cannot run, instead of retrying forever', async () => {
    const plan = Plan.parse({ summary: 's', tasks: [AUTH_PLAN.tasks[0]] });
    const j = await claimed(
      job({
        store: 'dir',
        location: newLocation('dir'),
        deps: {
          verify: async () => {
            throw new Error('GitHub is unreachable');
          },
        },
      }),
    );
    const record = await j.orchestrator.run({ issue: ISSUE, plan, strategyName: 'cloud-only' });
    j.monitor.close();
    expect(record.tasks.api?.state).toBe('failed');
    expect(record.tasks.api?.note).toContain('validation could not run: GitHub is unreachable');
    expect(record.tasks.api?.attempts).toHaveLength(1);
  });
});

describe('a stop between two dispatches', () => {
  it('dispatches nothing new and holds the tasks not started with who stopped them', async () => {
    let checks = 0;
    // The first checkpoint lets api and ui go; someone stops the session while they run.
    const shouldStop = async () => (checks++ === 0 ? undefined : 'stopped from Linear by Ada');
    const j = await claimed(job({ store: 'dir', location: newLocation('dir'), deps: { shouldStop } }));
    const record = await j.orchestrator.run({ issue: ISSUE, plan: AUTH_PLAN, strategyName: 'cloud-only' });
    j.monitor.close();
    expect(codegen.stats.byRoute.create).toBe(2);
    expect(Object.values(record.tasks).map((t) => [t.id, t.state, t.note])).toEqual([
      ['api', 'succeeded', undefined],
      ['ui', 'succeeded', undefined],
      ['tests', 'held', 'stopped from Linear by Ada'],
    ]);
    expect(j.logger.text()).toContain('ENG-9 stopped from Linear by Ada: 1 task(s) not started');
  });

  it('a fix attempt is a new dispatch: a stop before it holds the task instead', async () => {
    script = () => lifecycle({ durationMs: 10 * 60_000, summary: 'Done, but no PR.' });
    let checks = 0;
    const shouldStop = async () => (checks++ === 0 ? undefined : 'stopped from Linear by Ada');
    const plan = Plan.parse({ summary: 's', tasks: [AUTH_PLAN.tasks[0]] });
    const j = await claimed(job({ store: 'dir', location: newLocation('dir'), deps: { shouldStop } }));
    const record = await j.orchestrator.run({ issue: ISSUE, plan, strategyName: 'cloud-only' });
    j.monitor.close();
    expect(createsByKey(codegen)).toEqual({ 'ENG-9/api/1': 1 });
    expect([record.tasks.api?.state, record.tasks.api?.note]).toEqual(['held', 'stopped from Linear by Ada']);
  });
});

/** An agent on the runner that works until it is stopped, as a local process would. */
class UntilStopped implements TaskExecutor {
  static stops = 0;
  private release: (() => void) | undefined;
  private running = false;

  execute(prompt: string, context: ExecutionContext): Promise<ExecutionResult> {
    return this.executeStreaming(prompt, context, () => undefined);
  }

  async executeStreaming(
    _prompt: string,
    context: ExecutionContext,
    onProgress: (event: ProgressEvent) => void,
  ): Promise<ExecutionResult> {
    this.running = true;
    const startedAt = new Date(clock.now()).toISOString();
    onProgress({
      type: 'started',
      at: startedAt,
      taskId: context.task.id,
      sessionId: `local-${context.task.id}`,
    });
    await new Promise<void>((resolve) => {
      this.release = resolve;
    });
    this.running = false;
    return {
      executor: 'runner-agent',
      sessionId: `local-${context.task.id}`,
      status: 'cancelled',
      success: false,
      pullRequest: null,
      branch: context.branch,
      cost: { usd: 0.1, estimated: true, basis: 'test' },
      durationMs: 0,
      startedAt,
      finishedAt: new Date(clock.now()).toISOString(),
      failure: { kind: 'cancelled', message: 'stopped' },
    };
  }

  isRunning(): boolean {
    return this.running;
  }

  async stop(): Promise<void> {
    UntilStopped.stops++;
    this.release?.();
  }

  async getStatus(): Promise<'running'> {
    return 'running';
  }
}

describe('a stop while work runs in this job', () => {
  it('stops the attempts that can stop, holds them and the tasks not started, and retries none', async () => {
    UntilStopped.stops = 0;
    let checks = 0;
    // The first checkpoint lets api and ui go; the next question, asked while they run, says stop.
    const shouldStop = async () => (checks++ === 0 ? undefined : 'stopped from Linear by Ada');
    const j = await claimed(
      job({
        store: 'dir',
        location: newLocation('dir'),
        strategy: 'local-only',
        deps: { shouldStop },
        register: (registry) =>
          registry.register({
            name: 'runner-agent',
            label: 'Runner agent',
            capabilities: {
              needsRunner: true,
              detaches: false,
              honoursCostCap: false,
              resumesWithEvidence: false,
              tracing: false,
              mcpServers: false,
            },
            availability: () => ({ ok: true }),
            expectedCostUsd: () => 0.1,
            create: () => new UntilStopped(),
          }),
      }),
    );
    const record = await j.orchestrator.run({ issue: ISSUE, plan: AUTH_PLAN, strategyName: 'local-only' });
    j.monitor.close();
    expect(UntilStopped.stops).toBe(2);
    expect(Object.values(record.tasks).map((t) => [t.id, t.state, t.note, t.attempts.length])).toEqual([
      ['api', 'held', 'stopped from Linear by Ada', 1],
      ['ui', 'held', 'stopped from Linear by Ada', 1],
      ['tests', 'held', 'stopped from Linear by Ada', 0],
    ]);
    expect(record.tasks.api?.attempts[0]?.status).toBe('failed');
    expect(j.logger.text()).toContain('ENG-9 stopped from Linear by Ada: 2 running tasks stopped');
    expect(codegen.stats.byRoute.create ?? 0).toBe(0);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExecutorRegistry, isCloudFailure, type ProgressEvent } from '../../src/domain/index.js';
import { CodegenRepoIdResolver, codegenExecutorDescriptor } from '../../src/executors/codegen/index.js';
import { createGitHubClient, OctokitGitHubGateway } from '../../src/github/index.js';
import type { Clock } from '../../src/util/clock.js';
import { testClock } from '../helpers/fixed-time.js';
import { openPullRequestOnFinish } from '../standins/codegen/github-app.js';
import {
  type CodegenStandIn,
  lifecycle,
  neverEnding,
  type ScriptFor,
  startCodegenStandIn,
} from '../standins/codegen/index.js';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';
import { type Cloud, collect, makeCloud, makeContext, OWNER, REPO } from './helpers.js';

let clock: Clock;
let gh: GitHubStandIn;
let standIn: CodegenStandIn;
let cloud: Cloud;

async function start(script: ScriptFor, extra: Parameters<typeof startCodegenStandIn>[0] = {}) {
  standIn = await startCodegenStandIn({ clock, script, ...extra });
  cloud = makeCloud(standIn.url, gh, clock);
}

const opensPr =
  (durationMs = 120_000, extra: Partial<Parameters<typeof lifecycle>[0]> = {}): ScriptFor =>
  () =>
    lifecycle({
      durationMs,
      onFinish: openPullRequestOnFinish(gh.state, { owner: OWNER, repo: REPO }),
      ...extra,
    });

beforeEach(async () => {
  clock = testClock(1_000);
  gh = await startGitHubStandIn();
  gh.state.addRepo({ owner: OWNER, repo: REPO });
});
afterEach(async () => {
  cloud?.monitor.close();
  await standIn?.close();
  await gh.close();
});

describe('CodegenExecutor: a run from prompt to confirmed PR', () => {
  it('creates a tagged run, follows it, and confirms its PR on GitHub', async () => {
    await start(opensPr());
    const context = makeContext(clock);
    const { events, on } = collect();
    const result = await cloud.executor().executeStreaming(context.task.prompt, context, on);

    expect(result).toMatchObject({
      executor: 'codegen',
      status: 'succeeded',
      success: true,
      branch: context.branch,
    });
    expect(result.pullRequest).toMatchObject({
      number: 1,
      headBranch: 'cyrus/eng-123-t1',
      url: `${gh.url}/${OWNER}/${REPO}/pull/1`,
    });
    expect(result.cost.estimated).toBe(true);
    expect(result.cost.basis).toMatch(/^estimate: \$0\.50 per run \+ \$0\.02\/min × [\d.]+ min/);
    expect(result.cost.usd).toBeGreaterThan(0.5);
    expect(result.webUrl).toMatch(/codegen\.com\/agent\/trace\//);

    const run = [...standIn.state.runs.values()][0];
    expect(run?.metadata).toEqual({
      source: 'codegen-action',
      issue: 'ENG-123',
      task: 't1',
      attempt: 1,
      ledgerKey: 'ENG-123/t1/1',
      branch: 'cyrus/eng-123-t1',
    });
    expect(run?.prompt).toContain('POST /login returns a session');
    expect(run?.prompt).toContain('src/auth/api.ts');
    expect(run?.prompt).toContain('Start from the branch `main`');
    expect(run?.prompt).toContain('named exactly `cyrus/eng-123-t1`');
    expect(run?.prompt).toContain('titled exactly "ENG-123: Auth API endpoints"');

    expect(events.map((e) => (e.type === 'status' ? `status:${e.raw}` : e.type))).toEqual([
      'started',
      'status:PENDING',
      'status:ACTIVE',
      'status:COMPLETE',
      'pull_request',
      'finished',
    ]);
    // The PR was confirmed through GitHub, not taken from Codegen's word.
    expect(gh.requests.some((r) => r.method === 'GET' && r.path === `/repos/${OWNER}/${REPO}/pulls/1`)).toBe(
      true,
    );
  });

  it('a COMPLETE run without a PR is a failure (no_pull_request)', async () => {
    await start(() => lifecycle({ durationMs: 60_000 }));
    const result = await cloud.executor().execute('x', makeContext(clock));
    expect(result).toMatchObject({ status: 'failed', success: false, pullRequest: null });
    expect(result.failure?.kind).toBe('no_pull_request');
    expect(result.failure?.message).toMatch(/finished without opening a pull request/);
  });

  it("a PR Codegen lists but GitHub does not have is not taken on the agent's word", async () => {
    await start(({ id }) =>
      lifecycle({
        durationMs: 60_000,
        pullRequests: [
          {
            id: 1,
            title: 'ENG-123: x',
            url: `${gh.url}/${OWNER}/${REPO}/pull/77`,
            created_at: new Date().toISOString(),
            head_branch_name: `b${id}`,
          },
        ],
      }),
    );
    const result = await cloud.executor().execute('x', makeContext(clock));
    expect(result.failure?.kind).toBe('no_pull_request');
    expect(result.failure?.message).toMatch(/pull\/77 does not exist on GitHub/);
  });

  it('finds the PR on GitHub by its branch when Codegen does not list it', async () => {
    await start(() =>
      lifecycle({
        durationMs: 60_000,
        onFinish: (run) => {
          gh.state.addPullRequest(OWNER, REPO, { head: String(run.metadata?.branch), title: 'ENG-123: x' });
          return [];
        },
      }),
    );
    const result = await cloud.executor().execute('x', makeContext(clock));
    expect(result.success).toBe(true);
    expect(result.pullRequest?.number).toBe(1);
    expect(cloud.logger.text()).toMatch(/found on GitHub by its branch/);
  });

  it.each([
    ['FAILED', 'failed', 'agent_error'],
    ['MAX_ITERATIONS_REACHED', 'failed', 'max_turns'],
    ['OUT_OF_TOKENS', 'failed', 'max_budget'],
    ['cancelled', 'cancelled', 'cancelled'],
  ])('a run ending %s is %s (%s), not a cloud failure', async (final, status, kind) => {
    await start(() => lifecycle({ durationMs: 60_000, final, result: 'could not finish' }));
    const result = await cloud.executor().execute('x', makeContext(clock));
    expect(result).toMatchObject({ status, success: false });
    expect(result.failure?.kind).toBe(kind);
    expect(result.failure?.message).toContain('could not finish');
    expect(isCloudFailure(result.failure?.kind ?? 'internal')).toBe(false);
  });
});

describe('CodegenExecutor: PAUSED, resume, stop, deadline', () => {
  const pausedThenDone: ScriptFor = ({ resume }) =>
    resume
      ? lifecycle({
          queuedMs: 0,
          durationMs: 60_000,
          onFinish: openPullRequestOnFinish(gh.state, { owner: OWNER, repo: REPO }),
        })
      : {
          steps: [
            { status: 'PENDING', afterMs: 0 },
            { status: 'ACTIVE', afterMs: 5_000 },
            { status: 'PAUSED', afterMs: 40_000 },
          ],
        };

  it('nudges a PAUSED run to carry on, then confirms its PR', async () => {
    await start(pausedThenDone);
    const { events, on } = collect();
    const result = await cloud.executor().executeStreaming('x', makeContext(clock), on);
    expect(result.success).toBe(true);
    const run = [...standIn.state.runs.values()][0];
    expect(run?.resumes).toHaveLength(1);
    expect(run?.resumes[0]?.prompt).toMatch(/continue without waiting/);
    const statuses = events.flatMap((e) => (e.type === 'status' ? [e.status] : []));
    expect(statuses).toContain('paused');
    expect(statuses.at(-1)).toBe('succeeded');
  });

  it('a run that stays PAUSED fails with what to do', async () => {
    await start(() => ({
      steps: [
        { status: 'PENDING', afterMs: 0 },
        { status: 'PAUSED', afterMs: 5_000 },
      ],
    }));
    const result = await cloud
      .executor({ pauseNudges: 0, pausedGraceMs: 60_000 })
      .execute('x', makeContext(clock));
    expect(result).toMatchObject({ status: 'failed', success: false });
    expect(result.failure?.kind).toBe('agent_error');
    expect(result.failure?.message).toMatch(
      /PAUSED waiting for input; answer it on Codegen \(https:\/\/codegen\.com/,
    );
  });

  it('fixes a finished run with a new run told to push to the same branch (resume is for paused runs only)', async () => {
    await start(({ metadata }) =>
      metadata?.attempt === 2
        ? lifecycle({ queuedMs: 0, durationMs: 90_000, summary: 'fixed the test' })
        : lifecycle({
            durationMs: 60_000,
            onFinish: openPullRequestOnFinish(gh.state, { owner: OWNER, repo: REPO }),
          }),
    );
    const first = await cloud.executor().execute('x', makeContext(clock));
    expect(first.success).toBe(true);
    const sessionId = first.sessionId ?? '';
    const context = makeContext(clock, {
      attempt: 2,
      ledgerKey: 'ENG-123/t1/2',
      followUp: { sessionId, instructions: 'CI fails: fix test/auth.test.ts' },
    });
    const second = await cloud.executor().execute('x', context);

    // No resume of the finished run: a second run, on the same branch, whose PR is the same one.
    expect(standIn.stats.byRoute.resume).toBe(0);
    expect(standIn.stats.byRoute.create).toBe(2);
    expect(second.sessionId).not.toBe(sessionId);
    const fix = standIn.state.runs.get(Number(second.sessionId));
    expect(fix?.prompt).toContain('CI fails: fix test/auth.test.ts');
    expect(fix?.prompt).toContain('Check out the existing branch `cyrus/eng-123-t1`');
    expect(fix?.prompt).toContain('Do not create another branch or open another pull request');
    expect(fix?.metadata).toMatchObject({ attempt: 2, ledgerKey: 'ENG-123/t1/2' });
    expect(second).toMatchObject({ success: true, summary: 'fixed the test' });
    expect(second.pullRequest?.number).toBe(first.pullRequest?.number);
    expect(cloud.logger.text()).toMatch(
      /run \d+ is COMPLETE \(resume is for paused runs only\); starting a new run/,
    );
  });

  it('resumes a PAUSED run with the follow-up; a refused resume starts one new run instead of looping', async () => {
    await start(({ metadata }) =>
      metadata?.attempt === 2
        ? lifecycle({
            queuedMs: 0,
            durationMs: 60_000,
            onFinish: openPullRequestOnFinish(gh.state, { owner: OWNER, repo: REPO }),
          })
        : { steps: [{ status: 'PAUSED', afterMs: 0 }] },
    );
    const paused = standIn.state.createRun({ prompt: 'earlier', metadata: { attempt: 1 } });
    // Codegen refuses the resume (as a stricter service may): the fix goes to one new run.
    standIn.faults.inject({ kind: '4xx', route: 'resume' });
    const context = makeContext(clock, {
      attempt: 2,
      ledgerKey: 'ENG-123/t1/2',
      followUp: { sessionId: String(paused.id), instructions: 'answer: use JWT' },
    });
    const result = await cloud.executor().execute('x', context);
    expect(standIn.stats.byRoute.resume).toBe(1);
    expect(standIn.stats.byRoute.create).toBe(1);
    expect(result.success).toBe(true);
    expect(cloud.logger.text()).toMatch(
      /Codegen refused to resume run \d+ .*starting a new run that pushes to cyrus\/eng-123-t1/,
    );
  });

  it('an unknown status that plainly means the run ended ends the wait, logged once', async () => {
    await start(() => ({
      steps: [
        { status: 'ACTIVE', afterMs: 0 },
        { status: 'Completed', afterMs: 30_000 },
      ],
      onFinish: openPullRequestOnFinish(gh.state, { owner: OWNER, repo: REPO }),
    }));
    const context = makeContext(clock, { deadline: clock.now() + 6 * 3600_000 });
    const result = await cloud.executor().execute('x', context);
    expect(result).toMatchObject({ success: true, status: 'succeeded' });
    expect(result.pullRequest?.number).toBe(1);
    const lines = cloud.logger
      .text()
      .split('\n')
      .filter((l) => l.includes('unknown status COMPLETED'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/it reads as ended \(succeeded\), so the wait ends/);
  });

  it('resolves repo_id from the org’s repositories, so the run works in this repository and not the default one', async () => {
    await start(opensPr(), { repos: ['acme/default-repo', `${OWNER}/${REPO}`] });
    const repoIds = new CodegenRepoIdResolver(cloud.client, `${OWNER}/${REPO}`);
    const result = await cloud.executor({ repoIds }).execute('x', makeContext(clock));
    expect(result.success).toBe(true);
    const run = [...standIn.state.runs.values()][0];
    expect(run?.repository).toBe(`${OWNER}/${REPO}`);
    const create = standIn.requests.find((r) => r.route === 'create');
    expect(create?.body).toMatchObject({ repo_id: 701 });
  });

  it('a repo id stored in the ledger is used without listing; a refused one is looked up again, once', async () => {
    await start(opensPr(), { repos: ['acme/default-repo', `${OWNER}/${REPO}`] });
    const stored = { id: 701, fullName: `${OWNER}/${REPO}` };
    const fromLedger = new CodegenRepoIdResolver(cloud.client, `${OWNER}/${REPO}`);
    const first = await cloud
      .executor({ repoIds: fromLedger })
      .execute('x', makeContext(clock, { remembered: { codegenRepo: stored } }));
    expect(first.success).toBe(true);
    expect(standIn.requests.filter((r) => r.route === 'repos')).toHaveLength(0);
    expect(standIn.requests.find((r) => r.route === 'create')?.body).toMatchObject({ repo_id: 701 });

    // Another repository's stored id is not taken for this one.
    const other = new CodegenRepoIdResolver(cloud.client, `${OWNER}/${REPO}`);
    const events: ProgressEvent[] = [];
    await cloud.executor({ repoIds: other }).executeStreaming(
      'x',
      makeContext(clock, {
        ledgerKey: 'ENG-123/t1/2',
        remembered: { codegenRepo: { id: 700, fullName: 'acme/default-repo' } },
      }),
      (e) => events.push(e),
    );
    expect(standIn.requests.filter((r) => r.route === 'repos')).toHaveLength(1);
    expect(events.find((e) => e.type === 'started')).toMatchObject({ remember: { codegenRepo: stored } });

    // A stale id (the repository was reconnected under a new id): Codegen answers 404, we list once.
    const stale = new CodegenRepoIdResolver(cloud.client, `${OWNER}/${REPO}`);
    const retried = await cloud.executor({ repoIds: stale }).execute(
      'x',
      makeContext(clock, {
        ledgerKey: 'ENG-123/t1/3',
        remembered: { codegenRepo: { ...stored, id: 799 } },
      }),
    );
    expect(retried.success, retried.failure?.message).toBe(true);
    const creates = standIn.requests.filter((r) => r.route === 'create').slice(-2);
    expect(creates.map((r) => (r.body as { repo_id?: number }).repo_id)).toEqual([799, 701]);
    expect(standIn.requests.filter((r) => r.route === 'repos')).toHaveLength(2);
  });

  it('without repo_id the run lands in the org’s default repository: no PR here; a missing repository is a clear cloud failure', async () => {
    await start(opensPr(), { repos: ['acme/default-repo', `${OWNER}/${REPO}`] });
    const lost = await cloud.executor().execute('x', makeContext(clock));
    expect(lost.failure?.kind).toBe('no_pull_request');

    const missing = new CodegenRepoIdResolver(cloud.client, 'acme/not-connected');
    const refused = await cloud
      .executor({ repoIds: missing })
      .execute('x', makeContext(clock, { ledgerKey: 'ENG-123/t1/9' }));
    expect(refused.failure?.kind).toBe('no_repositories');
    expect(isCloudFailure('no_repositories')).toBe(true);
    expect(refused.failure?.message).toMatch(
      /Codegen org \d+ does not have the repository acme\/not-connected \(it has acme\/default-repo, acme\/widgets\)/,
    );
  });

  it('stop() stops following and says the run may go on', async () => {
    await start(() => neverEnding());
    const executor = cloud.executor();
    let started!: () => void;
    const startedEvent = new Promise<void>((resolve) => {
      started = resolve;
    });
    const pending = executor.executeStreaming('x', makeContext(clock), (e) => {
      if (e.type === 'started') started();
    });
    await startedEvent;
    expect(executor.isRunning()).toBe(true);
    await executor.stop();
    const result = await pending;
    expect(executor.isRunning()).toBe(false);
    expect(result).toMatchObject({ status: 'cancelled', success: false });
    expect(result.failure?.message).toMatch(/no stop endpoint, so the run may go on in the cloud/);
    expect(await executor.getStatus(result.sessionId ?? '')).toBe('cancelled');
  });

  it('getStatus reads any run within the budget', async () => {
    await start(opensPr(30_000));
    const executor = cloud.executor();
    const result = await executor.execute('x', makeContext(clock));
    expect(await cloud.executor().getStatus(result.sessionId ?? '')).toBe('succeeded');
  });
});

describe('codegenExecutorDescriptor', () => {
  it('registers a cloud executor that makes a fresh executor per execution', async () => {
    await start(opensPr());
    const descriptor = codegenExecutorDescriptor({
      client: cloud.client,
      monitor: cloud.monitor,
      gateway: new OctokitGitHubGateway(createGitHubClient({ token: 'ghs_test', baseUrl: gh.url }), {
        owner: OWNER,
        repo: REPO,
      }),
      logger: cloud.logger,
      settings: { pricing: { perRunUsd: 1, perMinuteUsd: 0 } },
    });
    const registry = new ExecutorRegistry().register(descriptor);
    expect(registry.descriptors().map((d) => [d.name, d.capabilities.detaches])).toEqual([['codegen', true]]);
    expect(descriptor.create()).not.toBe(descriptor.create());
  });
});

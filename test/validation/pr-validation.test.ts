import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../src/util/logger.js';
import { type ValidatePullRequestInput, validatePullRequest } from '../../src/validation/index.js';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';
import { gatewayFor, SteppingClock } from './helpers.js';

const OWNER = 'acme';
const REPO = 'widgets';

describe('validatePullRequest: CI on the PR head, against the GitHub stand-in', () => {
  let gh: GitHubStandIn;
  let clock: SteppingClock;
  let logger: MemoryLogger;
  let sha = '';
  let prNumber = 0;

  beforeEach(async () => {
    gh = await startGitHubStandIn();
    gh.state.addRepo({ owner: OWNER, repo: REPO });
    sha = gh.state.addBranch(OWNER, REPO, 'cyrus/eng-1-t1');
    prNumber = gh.state.addPullRequest(OWNER, REPO, { head: 'cyrus/eng-1-t1', title: 'ENG-1 t1' }).number;
    clock = new SteppingClock();
    logger = new MemoryLogger();
  });
  afterEach(async () => {
    await gh.close();
  });

  const input = (extra: Partial<ValidatePullRequestInput> = {}): ValidatePullRequestInput => ({
    github: gatewayFor(gh),
    pullNumber: prNumber,
    deadline: clock.now() + 30 * 60_000,
    clock,
    logger,
    detailsUrl: 'https://github.example/acme/widgets/actions/runs/777',
    externalId: 'ENG-1/t1',
    ...extra,
  });
  const ours = () => gh.state.checkRuns(OWNER, REPO, sha).filter((r) => r.name === 'Cyrus validation');
  const writes = () => gh.requests.filter((r) => r.method !== 'GET');

  it('passes when CI goes green: the check run goes in progress, then completes with success', async () => {
    const ci = gh.state.addCheckSuite(OWNER, REPO, sha, {
      checkRuns: [
        { name: 'build', status: 'in_progress' },
        { name: 'test', status: 'queued' },
      ],
    });
    const seen: string[] = [];
    clock.onSleep = (n) => {
      seen.push(ours()[0]?.status ?? 'none');
      if (n === 2) gh.state.completeCheckSuite(OWNER, REPO, ci.id, 'success');
    };

    const verdict = await validatePullRequest(input());

    expect(verdict).toMatchObject({
      verdict: 'passed',
      headSha: sha,
      evidence: { failingChecks: [] },
    });
    expect(verdict.reasons).toContain(`CI: 2 checks passed on ${sha.slice(0, 7)}`);
    expect(seen[0]).toBe('in_progress');
    expect(ours()).toEqual([
      expect.objectContaining({
        status: 'completed',
        conclusion: 'success',
        externalId: 'ENG-1/t1',
        detailsUrl: 'https://github.example/acme/widgets/actions/runs/777',
      }),
    ]);
    expect(ours()[0]?.output.title).toBe('Passed');
    expect(ours()[0]?.output.summary).toContain('2 checks passed');
    expect(writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /repos/acme/widgets/check-runs',
      expect.stringMatching(/^PATCH \/repos\/acme\/widgets\/check-runs\/\d+$/),
    ]);
  });

  it('fails with the failing checks as evidence, at the first failure', async () => {
    const ci = gh.state.addCheckSuite(OWNER, REPO, sha, {
      checkRuns: [
        { name: 'lint', status: 'in_progress' },
        { name: 'test', status: 'in_progress' },
      ],
    });
    clock.onSleep = (n) => {
      if (n === 1)
        gh.state.completeCheckSuite(OWNER, REPO, ci.id, 'success', {
          test: { conclusion: 'failure', title: '2 failed', summary: 'auth.test.ts: expected 200, got 500' },
        });
    };

    const verdict = await validatePullRequest(input());

    expect(verdict.verdict).toBe('failed');
    const failed = gh.state.checkRuns(OWNER, REPO, sha).find((r) => r.name === 'test');
    expect(verdict.evidence.failingChecks).toEqual([
      {
        name: 'test',
        conclusion: 'failure',
        summary: 'auth.test.ts: expected 200, got 500',
        url: `${gh.url}/acme/widgets/runs/${failed?.id}`,
      },
    ]);
    expect(verdict.reasons[0]).toBe('CI: test ended failure: auth.test.ts: expected 200, got 500');
    expect(ours()[0]).toMatchObject({ conclusion: 'failure' });
    expect(ours()[0]?.output.title).toBe('Failed: 1 check failing');
    expect(ours()[0]?.output.summary).toContain('| failure | auth.test.ts: expected 200, got 500 |');
  });

  it('names the issue and task in the check run, with the report module’s text and the evidence below', async () => {
    const ci = gh.state.addCheckSuite(OWNER, REPO, sha, {
      checkRuns: [{ name: 'test', status: 'in_progress' }],
    });
    let during = '';
    clock.onSleep = (n) => {
      during = ours()[0]?.output.title ?? '';
      if (n === 1)
        gh.state.completeCheckSuite(OWNER, REPO, ci.id, 'success', {
          test: { conclusion: 'failure', summary: 'expected 200, got 500' },
        });
    };
    const subject = {
      issue: 'ENG-1',
      task: { id: 't1', title: 'Auth API' },
      runUrl: 'https://github.example/run/777',
    };
    const verdict = await validatePullRequest(input({ subject }));
    expect(verdict.verdict).toBe('failed');
    expect(during).toBe('Validating t1: Auth API');
    const run = ours()[0];
    expect(run?.output.title).toBe('Failed (1 problem): t1: Auth API');
    expect(run?.output.summary).toContain('ENG-1');
    expect(run?.output.text).toContain('expected 200, got 500');
  });

  it('fails on a failing commit status from an older CI service', async () => {
    gh.state.addCheckSuite(OWNER, REPO, sha, { checkRuns: [{ name: 'build', conclusion: 'success' }] });
    gh.state.addStatus(OWNER, REPO, sha, {
      context: 'ci/jenkins',
      state: 'failure',
      description: 'Build #12 failed',
      targetUrl: 'https://jenkins.example/12',
    });
    const verdict = await validatePullRequest(input());
    expect(verdict.verdict).toBe('failed');
    expect(verdict.evidence.failingChecks).toEqual([
      {
        name: 'ci/jenkins',
        conclusion: 'failure',
        summary: 'Build #12 failed',
        url: 'https://jenkins.example/12',
      },
    ]);
  });

  it('never waits for its own check runs or for its own workflow’s jobs', async () => {
    // An earlier validation of the same commit left a Cyrus validation run (our App's).
    const earlier = gh.state.suiteFor(OWNER, REPO, sha, gh.state.app('cyrus-bot'));
    const previous = gh.state.addCheckRun(OWNER, REPO, earlier.id, {
      name: 'Cyrus validation',
      conclusion: 'failure',
    });
    // This job itself, running in workflow run 777, is an in-progress check run on the head.
    gh.state.addCheckSuite(OWNER, REPO, sha, {
      checkRuns: [
        {
          name: 'cyrus / validate',
          status: 'in_progress',
          detailsUrl: 'https://github.example/acme/widgets/actions/runs/777/job/4242',
        },
      ],
    });
    const ci = gh.state.addCheckSuite(OWNER, REPO, sha, {
      checkRuns: [{ name: 'test', status: 'in_progress' }],
    });
    clock.onSleep = (n) => {
      if (n === 1) gh.state.completeCheckSuite(OWNER, REPO, ci.id, 'success');
    };

    const verdict = await validatePullRequest(input({ workflowRunId: '777' }));

    expect(verdict.verdict).toBe('passed');
    expect(verdict.reasons[0]).toBe(`CI: 1 check passed on ${sha.slice(0, 7)}`);
    // A new run supersedes the earlier one (GitHub shows the latest of a name).
    expect(ours().map((r) => [r.id === previous.id, r.conclusion])).toEqual([
      [true, 'failure'],
      [false, 'success'],
    ]);
  });

  it('times out at the deadline with the checks still running, as a neutral check run', async () => {
    gh.state.addCheckSuite(OWNER, REPO, sha, { checkRuns: [{ name: 'e2e', status: 'in_progress' }] });
    const verdict = await validatePullRequest(input({ deadline: clock.now() + 5 * 60_000 }));

    expect(verdict.verdict).toBe('timed_out');
    expect(verdict.reasons[0]).toBe(`CI still running on ${sha.slice(0, 7)} at the deadline: e2e`);
    expect(verdict.evidence.pendingChecks).toEqual(['e2e']);
    expect(ours()[0]).toMatchObject({ conclusion: 'neutral' });
    expect(ours()[0]?.output.title).toBe('Timed out waiting for CI');
    // Polls backed off (10 s growing to 60 s, ±20%) and the last pause ended at the deadline.
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(5 * 60_000);
    expect(Math.max(...clock.sleeps)).toBeGreaterThan(30_000);
    expect(clock.sleeps.length).toBeLessThan(15);
  });

  it('does not let a suite without runs (an App that never reports) block beyond its grace', async () => {
    gh.state.addCheckSuite(OWNER, REPO, sha, { app: 'silent-app', status: 'queued' });
    gh.state.addCheckSuite(OWNER, REPO, sha, { checkRuns: [{ name: 'test', conclusion: 'success' }] });
    const verdict = await validatePullRequest(input({ ci: { emptySuiteGraceMs: 60_000 } }));
    expect(verdict.verdict).toBe('passed');
    expect(verdict.reasons.some((r) => r.startsWith('ignored silent-app (check suite'))).toBe(true);
    expect(clock.now() - Date.UTC(2025, 9, 7, 12)).toBeLessThan(3 * 60_000);
  });

  it('passes, saying so, when no CI ever shows up on a commit of a repository without PR workflows', async () => {
    const verdict = await validatePullRequest(input());
    expect(verdict.verdict).toBe('passed');
    expect(verdict.reasons).toEqual([
      expect.stringMatching(/^no CI check ran on [0-9a-f]{7} within \d+ s$/),
      'the repository has no workflow that runs on pull_request',
    ]);
  });

  it('skips a fork PR and posts nothing', async () => {
    const fork = gh.state.addPullRequest(OWNER, REPO, {
      head: 'mallory:patch-1',
      title: 'drive-by',
      user: 'mallory',
      fromFork: true,
    });
    gh.requests.length = 0;
    const verdict = await validatePullRequest(input({ pullNumber: fork.number }));
    expect(verdict).toEqual({
      verdict: 'skipped',
      reasons: [`PR #${fork.number} comes from a fork; nothing runs for fork PRs`],
      evidence: { failingChecks: [] },
      headSha: fork.head.sha,
    });
    expect(gh.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /repos/acme/widgets/pulls/${fork.number}`,
    ]);
  });

  it('falls back to a commit status for a personal token without checks permission', async () => {
    gh.state.addToken('github_pat_fine', 'alice', { kind: 'fine-grained-pat' });
    gh.state.setPermission(OWNER, REPO, 'alice', 'write');
    const ci = gh.state.addCheckSuite(OWNER, REPO, sha, {
      checkRuns: [{ name: 'test', status: 'in_progress' }],
    });
    clock.onSleep = (n) => {
      if (n === 1) gh.state.completeCheckSuite(OWNER, REPO, ci.id, 'success');
    };

    const verdict = await validatePullRequest(input({ github: gatewayFor(gh, 'github_pat_fine') }));

    expect(verdict.verdict).toBe('passed');
    expect(ours()).toEqual([]);
    expect(gh.requests.find((r) => r.method === 'POST' && r.path.endsWith('/check-runs'))?.status).toBe(403);
    expect(gh.state.statuses(OWNER, REPO, sha).map((s) => [s.context, s.state, s.creator])).toEqual([
      ['Cyrus validation', 'pending', 'alice'],
      ['Cyrus validation', 'success', 'alice'],
    ]);
    expect(gh.state.statuses(OWNER, REPO, sha)[1]?.targetUrl).toBe(
      'https://github.example/acme/widgets/actions/runs/777',
    );
    expect(logger.text()).toContain('using a commit status');
  });

  it('polls with ETags: unchanged CI costs 304s, which the stand-in counts', async () => {
    const ci = gh.state.addCheckSuite(OWNER, REPO, sha, {
      checkRuns: [{ name: 'test', status: 'in_progress' }],
    });
    clock.onSleep = (n) => {
      if (n === 4) gh.state.completeCheckSuite(OWNER, REPO, ci.id, 'success');
    };
    const verdict = await validatePullRequest(input());
    expect(verdict.verdict).toBe('passed');
    // Polls 2-4 found runs, suites and statuses unchanged (3 × 304); poll 5 the statuses (1 × 304).
    expect(gh.stats.notModified).toBe(10);
    const polls = gh.requests.filter((r) => r.path.endsWith(`/commits/${sha}/check-suites`));
    expect(polls.map((r) => r.status)).toEqual([200, 304, 304, 304, 200]);
    expect(polls[1]?.headers['if-none-match']).toMatch(/^W\/"/);
  });

  it('survives a secondary rate limit while polling', async () => {
    const ci = gh.state.addCheckSuite(OWNER, REPO, sha, {
      checkRuns: [{ name: 'test', status: 'in_progress' }],
    });
    clock.onSleep = (n) => {
      if (n === 1) {
        gh.faults.secondaryRateLimit(1, {
          status: 403,
          retryAfterSeconds: 1,
          method: 'GET',
          path: /check-runs$/,
        });
        gh.faults.secondaryRateLimit(1, {
          status: 429,
          retryAfterSeconds: 1,
          method: 'GET',
          path: /check-suites$/,
        });
      }
      if (n === 2) gh.state.completeCheckSuite(OWNER, REPO, ci.id, 'success');
    };
    const verdict = await validatePullRequest(input());
    expect(verdict.verdict).toBe('passed');
    expect(gh.requests.filter((r) => r.status === 403 || r.status === 429).map((r) => r.status)).toEqual([
      403, 429,
    ]);
    expect(logger.text()).not.toContain('error:');
  }, 20_000);

  it('keeps polling through GitHub failures the client gave up on, until CI answers', async () => {
    const ci = gh.state.addCheckSuite(OWNER, REPO, sha, {
      checkRuns: [{ name: 'test', status: 'in_progress' }],
    });
    clock.onSleep = (n) => {
      // Two polls in a row: the request and its one retry both fail.
      if (n === 1) gh.faults.serverError(4, 503, { method: 'GET', path: /\/status$/ });
      if (n === 3) gh.state.completeCheckSuite(OWNER, REPO, ci.id, 'success');
    };
    const github = gatewayFor(gh, 'ghs_test', { serverErrorRetries: 1 });
    const verdict = await validatePullRequest(input({ github }));
    expect(verdict.verdict).toBe('passed');
    expect(logger.lines.filter((l) => l.message.includes('reading CI failed'))).toHaveLength(2);
    expect(gh.requests.filter((r) => r.status === 503)).toHaveLength(4);
  });
});

import { describe, expect, it } from 'vitest';
import type { CheckRunInfo, CheckSuiteInfo } from '../../src/github/index.js';
import { assessCi, buildCommandEnv, type OwnChecks } from '../../src/validation/index.js';

const actions = { id: 15368, slug: 'github-actions', name: 'GitHub Actions' };
const own: OwnChecks = {
  checkRunName: 'Cyrus validation',
  statusContext: 'Cyrus validation',
  checkRunIds: new Set([1]),
  workflowRunId: '777',
};

const run = (over: Partial<CheckRunInfo>): CheckRunInfo => ({
  id: 10,
  name: 'test',
  headSha: 'a'.repeat(40),
  status: 'completed',
  conclusion: 'success',
  url: null,
  detailsUrl: null,
  suiteId: 100,
  app: actions,
  title: null,
  summary: null,
  ...over,
});
const suite = (over: Partial<CheckSuiteInfo>): CheckSuiteInfo => ({
  id: 100,
  headSha: 'a'.repeat(40),
  status: 'completed',
  conclusion: 'success',
  app: actions,
  checkRunsCount: 1,
  ...over,
});

describe('assessCi', () => {
  it('judges a GitHub Actions suite holding our own run by its other runs only', () => {
    const a = assessCi(
      {
        runs: [
          run({ id: 1, name: 'Cyrus validation', status: 'in_progress', conclusion: null }),
          run({ id: 2 }),
        ],
        suites: [suite({ status: 'in_progress', conclusion: null, checkRunsCount: 2 })],
        statuses: [],
      },
      own,
    );
    expect(a).toMatchObject({ state: 'passed', passed: ['test'], pending: [] });
  });

  it('ignores this workflow’s own jobs by their run URL', () => {
    const job = run({
      id: 3,
      name: 'validate',
      status: 'in_progress',
      conclusion: null,
      detailsUrl: 'https://github.com/acme/widgets/actions/runs/777/job/9',
    });
    const other = run({ id: 4, detailsUrl: 'https://github.com/acme/widgets/actions/runs/7770/job/9' });
    expect(assessCi({ runs: [job, other], suites: [], statuses: [] }, own)).toMatchObject({
      state: 'passed',
      passed: ['test'],
    });
  });

  it('fails on a suite that completed without runs (a broken workflow file), and waits on empty queued ones', () => {
    const broken = suite({ id: 5, conclusion: 'startup_failure', checkRunsCount: 0 });
    expect(assessCi({ runs: [], suites: [broken], statuses: [] }, own)).toMatchObject({
      state: 'failed',
      failing: [{ name: 'GitHub Actions (check suite 5)', conclusion: 'startup_failure' }],
    });
    const silent = suite({
      id: 6,
      status: 'queued',
      conclusion: null,
      checkRunsCount: 0,
      app: { id: 9, slug: 'x', name: 'X' },
    });
    expect(assessCi({ runs: [], suites: [silent], statuses: [] }, own)).toMatchObject({
      state: 'pending',
      emptySuites: ['X (check suite 6)'],
      seenAny: true,
    });
    // Our own App's empty suite is not waited for.
    expect(assessCi({ runs: [], suites: [silent], statuses: [] }, { ...own, appId: 9 })).toMatchObject({
      seenAny: false,
      emptySuites: [],
    });
  });

  it('treats neutral and skipped as passing, cancelled and action_required as failing', () => {
    const a = assessCi(
      {
        runs: [
          run({ id: 11, name: 'a', conclusion: 'neutral' }),
          run({ id: 12, name: 'b', conclusion: 'skipped' }),
          run({ id: 13, name: 'c', conclusion: 'cancelled' }),
          run({ id: 14, name: 'd', conclusion: 'action_required' }),
        ],
        suites: [],
        statuses: [
          {
            context: 'Cyrus validation',
            state: 'pending',
            description: null,
            targetUrl: null,
            creator: null,
          },
        ],
      },
      own,
    );
    expect(a.passed).toEqual(['a', 'b']);
    expect(a.failing.map((f) => `${f.name}:${f.conclusion}`)).toEqual(['c:cancelled', 'd:action_required']);
  });
});

describe('buildCommandEnv', () => {
  it('passes only an allow-list, drops secret-looking names and proxies with credentials, sets its own HOME', () => {
    const env = buildCommandEnv(
      {
        PATH: '/usr/bin',
        LANG: 'C.UTF-8',
        LC_ALL: 'C',
        HOME: '/home/runner',
        GITHUB_TOKEN: 'ghs_x',
        NPM_TOKEN: 'npm_x',
        HTTPS_PROXY: 'http://user:pw@proxy:3128',
        HTTP_PROXY: 'http://proxy:3128',
        GIT_CONFIG_GLOBAL: '/home/runner/.gitconfig',
        RUNNER_TEMP: '/tmp/runner',
      },
      { home: '/tmp/h', tmp: '/tmp/t' },
    );
    expect(env).toEqual({
      PATH: '/usr/bin',
      LANG: 'C.UTF-8',
      LC_ALL: 'C',
      HTTP_PROXY: 'http://proxy:3128',
      HOME: '/tmp/h',
      USERPROFILE: '/tmp/h',
      TMPDIR: '/tmp/t',
      TMP: '/tmp/t',
      TEMP: '/tmp/t',
      CI: 'true',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_TERMINAL_PROMPT: '0',
    });
  });
});

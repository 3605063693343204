import type { Plan } from '../../src/domain/index.js';
import { IssueRecord } from '../../src/ledger/records.js';
import type { JobReport, ValidationVerdict, WorkReport } from '../../src/report/index.js';

export const RUN_URL = 'https://github.com/acme/web/actions/runs/9876543210';
export const NOW = '2025-03-14T10:42:30.000Z';

const task = (
  id: string,
  title: string,
  kind: Plan['tasks'][number]['kind'],
  dependsOn: string[] = [],
): Plan['tasks'][number] => ({
  id,
  title,
  kind,
  prompt: `Do ${title}`,
  files: [],
  acceptance: [],
  dependsOn,
  requiresIsolation: false,
  size: 'm',
});

export const loginPlan: Plan = {
  summary: 'Add login and signup',
  tasks: [
    task('t1', 'Auth API endpoints', 'implementation'),
    task('t2', 'Session storage in Redis', 'implementation'),
    task('t3', 'Signup form', 'implementation'),
    task('t4', 'End-to-end tests for login and signup', 'test', ['t1', 't3']),
  ],
};

const pr = (number: number, branch: string) => ({
  number,
  url: `https://github.com/acme/web/pull/${number}`,
  headBranch: branch,
});

/**
 * A hybrid run mid-way: t1 fell back from Codegen (quota) to Claude Code and has its PR open,
 * t2 succeeded on Codegen (estimated cost), t3 failed after a retry, t4 is held behind t3.
 */
export const hybridRecord: IssueRecord = IssueRecord.parse({
  schema: 1,
  issue: {
    identifier: 'ENG-123',
    title: 'Login and signup',
    url: 'https://linear.app/acme/issue/ENG-123/login-and-signup',
    githubIssueNumber: 42,
  },
  claimedBy: { runId: '9876543210', at: '2025-03-14T10:00:00.000Z' },
  status: 'running',
  strategy: 'hybrid-smart',
  plan: loginPlan,
  tasks: {
    t1: {
      id: 't1',
      title: 'Auth API endpoints',
      state: 'pr_open',
      executor: 'claude-code',
      executorReason: 'fallback: Codegen refused the run (402 quota)',
      branch: 'cyrus/eng-123-t1',
      pullRequest: pr(101, 'cyrus/eng-123-t1'),
      checks: { state: 'pending', headSha: 'abc1234def5678' },
      attempts: [
        {
          number: 1,
          executor: 'codegen',
          dispatchKey: 'ENG-123/t1/1',
          sessionId: null,
          status: 'failed',
          startedAt: '2025-03-14T10:00:05.000Z',
          finishedAt: '2025-03-14T10:00:06.000Z',
          failure: { kind: 'quota_exhausted', message: 'Codegen answered 402: monthly quota used up' },
        },
        {
          number: 2,
          executor: 'claude-code',
          dispatchKey: 'ENG-123/t1/2',
          sessionId: 'sess-t1',
          status: 'succeeded',
          startedAt: '2025-03-14T10:00:10.000Z',
          finishedAt: '2025-03-14T10:12:15.000Z',
          costUsd: 0.4213,
          costEstimated: false,
          fallbackFrom: 'codegen',
        },
      ],
      updatedAt: '2025-03-14T10:12:20.000Z',
    },
    t2: {
      id: 't2',
      title: 'Session storage in Redis',
      state: 'succeeded',
      executor: 'codegen',
      executorReason: 'isolated implementation work, size m',
      pullRequest: pr(102, 'cyrus/eng-123-t2'),
      checks: { state: 'success', headSha: 'fed9876' },
      attempts: [
        {
          number: 1,
          executor: 'codegen',
          dispatchKey: 'ENG-123/t2/1',
          sessionId: '5511',
          status: 'succeeded',
          startedAt: '2025-03-14T10:00:05.000Z',
          finishedAt: '2025-03-14T10:18:45.000Z',
          costUsd: 0.5,
          costEstimated: true,
        },
      ],
      updatedAt: '2025-03-14T10:30:00.000Z',
    },
    t3: {
      id: 't3',
      title: 'Signup form',
      state: 'failed',
      executor: 'claude-code',
      executorReason: 'small UI task, local',
      pullRequest: pr(103, 'cyrus/eng-123-t3'),
      checks: { state: 'failure', headSha: '0a1b2c3', summary: 'lint failed' },
      attempts: [
        {
          number: 1,
          executor: 'claude-code',
          dispatchKey: 'ENG-123/t3/1',
          sessionId: 'sess-t3a',
          status: 'failed',
          startedAt: '2025-03-14T10:00:06.000Z',
          finishedAt: '2025-03-14T10:09:00.000Z',
          costUsd: 0.3,
          failure: { kind: 'max_turns', message: 'stopped after 40 turns' },
        },
        {
          number: 2,
          executor: 'claude-code',
          dispatchKey: 'ENG-123/t3/2',
          sessionId: 'sess-t3b',
          status: 'failed',
          startedAt: '2025-03-14T10:09:30.000Z',
          finishedAt: '2025-03-14T10:20:00.000Z',
          costUsd: 0.25,
          failure: { kind: 'agent_error', message: 'checks still failing after 2 fix attempts: lint' },
        },
      ],
      updatedAt: '2025-03-14T10:20:05.000Z',
    },
    t4: {
      id: 't4',
      title: 'End-to-end tests for login and signup',
      state: 'held',
      note: 'waiting for t3, which failed',
      attempts: [],
      updatedAt: '2025-03-14T10:20:05.000Z',
    },
  },
  createdAt: '2025-03-14T10:00:00.000Z',
  updatedAt: '2025-03-14T10:40:00.000Z',
});

export const hybridWork: WorkReport = { record: hybridRecord, now: NOW };

export const hybridReport: JobReport = {
  status: 'partial',
  trigger: {
    event: 'issues',
    mode: 'run',
    decision: 'issue #42 labeled "cyrus"; accepted: linear[bot] is an allowed bot',
  },
  issue: { identifier: 'ENG-123', title: 'Login and signup', url: hybridRecord.issue.url },
  strategy: { name: 'hybrid-smart', reason: 'set in .github/cyrus.yml' },
  decisions: [
    'strategy hybrid-smart: t1 → codegen, t2 → codegen, t3 → claude-code',
    'budget: reserved ~$1.00 of $50.00 for today',
    't1: Codegen refused (402 quota); falling back to claude-code',
  ],
  runUrl: RUN_URL,
  work: hybridWork,
};

export const skippedReport: JobReport = {
  status: 'skipped',
  trigger: { event: 'push', decision: 'the "push" event does not start or continue work' },
  decisions: [],
  runUrl: RUN_URL,
};

export const failureReport: JobReport = {
  status: 'failure',
  trigger: { event: 'issues', mode: 'run', decision: 'issue #42 labeled "cyrus"' },
  strategy: { name: 'hybrid-parallel', reason: 'Codegen is configured' },
  decisions: [],
  error:
    'Linear answered 401: the linear-api-key input is not a valid key. Store a valid key as a repository secret.',
  runUrl: RUN_URL,
};

/** `cyrus plan --dry-run` / `mode: plan` with dry-run: a plan and prices, nothing dispatched. */
export const dryRunWork: WorkReport = {
  record: {
    issue: { identifier: 'ENG-124', title: 'Dark mode' },
    status: 'planning',
    strategy: 'cost-optimized',
    plan: {
      summary: 'Add a dark theme toggle',
      tasks: [
        task('t1', 'Theme tokens', 'implementation'),
        task('t2', 'Toggle in settings', 'implementation', ['t1']),
      ],
    },
    tasks: {},
    updatedAt: '2025-03-14T09:00:00.000Z',
  },
  dryRun: true,
  estimates: {
    t1: { executor: 'codegen', usd: 0.5, reason: 'cheapest expected cost per success' },
    t2: { executor: 'claude-code', usd: 0.2, reason: 'small task' },
  },
};

export const dryRunReport: JobReport = {
  status: 'success',
  trigger: { event: 'workflow_dispatch', mode: 'plan', decision: 'manual dispatch for ENG-124' },
  strategy: { name: 'cost-optimized', reason: 'input "strategy"' },
  decisions: ['dry-run: nothing written'],
  runUrl: RUN_URL,
  work: dryRunWork,
};

export const verdicts: Record<string, ValidationVerdict> = {
  inProgress: {
    outcome: 'in_progress',
    issue: 'ENG-123',
    task: { id: 't1', title: 'Auth API endpoints' },
    headSha: 'abc1234def5678abc1234def5678abc1234def56',
    reasons: ['waiting for CI on this commit', 'validate command `npm test`', 'local Claude review'],
    runUrl: RUN_URL,
  },
  passed: {
    outcome: 'passed',
    issue: 'ENG-123',
    task: { id: 't2', title: 'Session storage in Redis' },
    headSha: 'fed9876',
    reasons: ['CI: 5 checks passed', 'validate command exited 0', 'review: no blocking findings'],
    runUrl: RUN_URL,
  },
  failed: {
    outcome: 'failed',
    issue: 'ENG-123',
    task: { id: 't3', title: 'Signup form' },
    headSha: '0a1b2c3',
    reasons: ['CI: lint failed', 'validate command exited 1'],
    evidence: [
      {
        source: 'CI: lint',
        url: 'https://github.com/acme/web/actions/runs/1/job/2',
        excerpt: 'src/signup.tsx:12:5  error  no-unused-vars\n1 problem',
      },
      { source: 'validate-command', excerpt: 'FAIL test/signup.test.ts\n  expected 200, got 500' },
    ],
    runUrl: RUN_URL,
  },
};

import { describe, expect, it } from 'vitest';
import type { IssueRecord, TaskRecord } from '../../src/ledger/index.js';
import { renderPlanFlowchart, renderTrackingComment, taskViews } from '../../src/report/index.js';

const NOW = '2026-01-15T12:00:00Z';

function task(id: string, merge?: TaskRecord['merge']): TaskRecord {
  return {
    id,
    title: `Task ${id}`,
    state: 'succeeded',
    executor: 'codegen',
    pullRequest: {
      number: Number(id.slice(1)),
      url: `https://github.com/acme/widgets/pull/${id.slice(1)}`,
      headBranch: `cyrus/eng-7-${id}`,
    },
    checks: { state: 'success' },
    merge,
    attempts: [],
    updatedAt: NOW,
  };
}

const record = (tasks: TaskRecord[], landing?: IssueRecord['landing']): IssueRecord => ({
  schema: 1,
  issue: { identifier: 'ENG-7', title: 'Landing' },
  claimedBy: { runId: '1', at: NOW },
  status: 'succeeded',
  plan: {
    summary: 'three tasks',
    tasks: tasks.map((t) => ({
      id: t.id,
      title: t.title,
      kind: 'implementation',
      prompt: 'p',
      files: [],
      acceptance: ['a'],
      dependsOn: t.id === 't3' ? ['t1'] : [],
      requiresIsolation: false,
      size: 's',
    })),
  },
  tasks: Object.fromEntries(tasks.map((t) => [t.id, t])),
  landing,
  tracking: {},
  createdAt: NOW,
  updatedAt: NOW,
});

describe('reports show merged tasks distinctly', () => {
  it('the flowchart gives merged tasks their own class and label; green-but-unmerged ones stay succeeded', () => {
    const views = taskViews({
      record: record([
        task('t1', { state: 'merged', reason: 'PR #1 merged', at: NOW }),
        task('t2', { state: 'held', reason: 'changes were requested on PR #2', at: NOW }),
        task('t3'),
      ]),
    });
    const chart = renderPlanFlowchart(views);
    expect(chart).toContain('classDef merged ');
    expect(chart).toMatch(/class task_0 merged$/m);
    expect(chart).toMatch(/class task_1,task_2 succeeded$/m);
    expect(chart).toContain('🔀 merged');
  });

  it('without a merge policy the flowchart is what it was: no merged class', () => {
    const chart = renderPlanFlowchart(taskViews({ record: record([task('t1'), task('t2')]) }));
    expect(chart).not.toContain('merged');
  });

  it('the tracking comment lists the merged PRs, why the others wait, and the outcome', () => {
    const body = renderTrackingComment({
      work: {
        record: record(
          [
            task('t1', { state: 'merged', reason: 'PR #1 merged', at: NOW }),
            task('t2', { state: 'closed', reason: 'PR #2 was closed without merging', at: NOW }),
          ],
          {
            outcome: 'open',
            reason: "1 of 2 subtask PRs merged; t2's PR #2 was closed without merging: the issue stays open",
            at: NOW,
          },
        ),
      },
      now: NOW,
    });
    expect(body).toMatch(/\*\*t1\*\*.*🔀 merged/);
    expect(body).toMatch(/\*\*t2\*\*.*🚫 closed unmerged/);
    expect(body).toContain('  - merge: PR \\#2 was closed without merging');
    expect(body).toContain('**Merged:** 1 of 2 PRs');
    expect(body).toContain(
      "**Outcome:** 1 of 2 subtask PRs merged; t2's PR \\#2 was closed without merging: the issue stays open",
    );
  });
});

import { describe, expect, it } from 'vitest';
import { Plan } from '../../src/domain/index.js';
import type { IssueRecord, TaskRecord } from '../../src/ledger/index.js';
import {
  issueStatus,
  readyTasks,
  startingBranch,
  taskBranch,
  tasksToHold,
} from '../../src/orchestrator/index.js';

const plan = Plan.parse({
  summary: 'auth',
  tasks: [
    { id: 'api', title: 'API', kind: 'implementation', prompt: 'p', size: 'm' },
    { id: 'ui', title: 'UI', kind: 'implementation', prompt: 'p', size: 'm' },
    { id: 'tests', title: 'Tests', kind: 'test', prompt: 'p', size: 's', dependsOn: ['api', 'ui'] },
    { id: 'docs', title: 'Docs', kind: 'docs', prompt: 'p', size: 's', dependsOn: ['tests'] },
  ],
});

function record(states: Record<string, Partial<TaskRecord>>): IssueRecord {
  const tasks: Record<string, TaskRecord> = {};
  for (const t of plan.tasks)
    tasks[t.id] = {
      id: t.id,
      title: t.title,
      state: 'pending',
      attempts: [],
      updatedAt: '',
      ...states[t.id],
    };
  return {
    schema: 1,
    issue: { identifier: 'ENG-1', title: 'x' },
    claimedBy: { runId: '1', at: '' },
    status: 'running',
    plan,
    tasks,
    tracking: {},
    createdAt: '',
    updatedAt: '',
  };
}

describe('readiness', () => {
  it('starts independent tasks at once and dependents only when every prerequisite is green', () => {
    expect(readyTasks(plan, record({}), 'green').map((t) => t.id)).toEqual(['api', 'ui']);
    expect(
      readyTasks(plan, record({ api: { state: 'succeeded' }, ui: { state: 'running' } }), 'green').map(
        (t) => t.id,
      ),
    ).toEqual([]);
    expect(
      readyTasks(plan, record({ api: { state: 'succeeded' }, ui: { state: 'succeeded' } }), 'green').map(
        (t) => t.id,
      ),
    ).toEqual(['tests']);
  });

  it('with the "merged" gate, waits for the prerequisite PRs to be merged', () => {
    const done = { api: { state: 'succeeded' as const }, ui: { state: 'succeeded' as const, merged: true } };
    expect(readyTasks(plan, record(done), 'merged').map((t) => t.id)).toEqual([]);
    expect(
      readyTasks(plan, record({ ...done, api: { state: 'succeeded', merged: true } }), 'merged').map(
        (t) => t.id,
      ),
    ).toEqual(['tests']);
  });

  it('holds the dependents of a failed task, transitively, and says why', () => {
    expect(tasksToHold(plan, record({ api: { state: 'failed' }, ui: { state: 'succeeded' } }))).toEqual([
      { id: 'tests', note: 'held: prerequisite api failed' },
    ]);
    expect(tasksToHold(plan, record({ tests: { state: 'held' } }))).toEqual([
      { id: 'docs', note: 'held: prerequisite tests is held' },
    ]);
  });

  it("starts a dependent from its unmerged prerequisite's branch and reports a second one", () => {
    const task = plan.tasks[2];
    if (!task) throw new Error('fixture');
    const r = record({
      api: { state: 'succeeded', branch: 'cyrus/eng-1-api' },
      ui: { state: 'succeeded', branch: 'cyrus/eng-1-ui' },
    });
    expect(startingBranch(task, r, 'main')).toEqual({
      branch: 'cyrus/eng-1-api',
      note: "tests starts from api's branch; ui must be merged with it before review",
    });
    expect(
      startingBranch(
        task,
        record({ api: { merged: true, branch: 'a' }, ui: { merged: true, branch: 'b' } }),
        'main',
      ),
    ).toEqual({ branch: 'main' });
  });

  it('names branches with the Linear identifier in lower case', () => {
    expect(taskBranch('ENG-123', 't1')).toBe('cyrus/eng-123-t1');
    expect(taskBranch('#42', 'T_2', 3)).toBe('cyrus/gh-42-t-2-a3');
  });

  it('derives the issue status from its tasks', () => {
    const t = (state: TaskRecord['state']): TaskRecord => ({
      id: state,
      title: '',
      state,
      attempts: [],
      updatedAt: '',
    });
    expect(issueStatus([t('succeeded'), t('succeeded')])).toBe('succeeded');
    expect(issueStatus([t('succeeded'), t('failed'), t('held')])).toBe('partial');
    expect(issueStatus([t('failed'), t('held')])).toBe('failed');
    expect(issueStatus([t('succeeded'), t('running')])).toBe('waiting');
    expect(issueStatus([t('deferred')])).toBe('waiting');
  });
});

import { describe, expect, it } from 'vitest';
import type { IssueRecord, TaskRecord } from '../../src/ledger/index.js';
import {
  activitiesBetween,
  externalUrlsOf,
  finalResponse,
  renderSessionPost,
  sessionPlanOf,
} from '../../src/linear/session/index.js';
import { TEST_EPOCH } from '../helpers/fixed-time.js';

const at = new Date(TEST_EPOCH).toISOString();
const task = (id: string, dependsOn: string[] = []) => ({
  id,
  title: `Task ${id}`,
  kind: 'implementation' as const,
  prompt: `Do ${id}.`,
  files: [],
  acceptance: ['works'],
  dependsOn,
  requiresIsolation: false,
  size: 's' as const,
});

function record(tasks: Record<string, Partial<TaskRecord>>): IssueRecord {
  return {
    schema: 1,
    issue: { identifier: 'ENG-1', title: 'Greeting' },
    claimedBy: { runId: 'r1', at },
    status: 'running',
    strategy: 'hybrid-smart',
    plan: { summary: 'API then docs', tasks: [task('api'), task('docs', ['api'])] },
    tasks: Object.fromEntries(
      ['api', 'docs'].map((id) => [
        id,
        {
          id,
          title: `Task ${id}`,
          state: 'pending',
          attempts: [],
          updatedAt: at,
          ...tasks[id],
        } as TaskRecord,
      ]),
    ),
    tracking: {},
    createdAt: at,
    updatedAt: at,
  };
}

const attempt = (executor: string, extra = {}) => ({
  number: 1,
  executor,
  dispatchKey: 'k',
  sessionId: null,
  status: 'running' as const,
  startedAt: at,
  ...extra,
});
const pr = {
  number: 7,
  url: 'https://github.com/acme/widgets/pull/7',
  headBranch: 'cyrus/eng-1-api',
  title: 'Greeting API',
};

describe('record changes as agent activities', () => {
  it('opens a job with a planning thought and the plan as an action', () => {
    const first = activitiesBetween(undefined, record({}));
    expect(first.map((a) => a.type)).toEqual(['thought', 'action']);
    expect(first[0]).toEqual({ type: 'thought', body: 'Planned ENG-1: API then docs' });
    expect(first[1]).toMatchObject({ action: 'Plan', parameter: '2 task(s) with hybrid-smart' });
    expect(first[1]?.type === 'action' && first[1].result).toContain('docs: Task docs (after api)');
  });

  it('a later job on a started plan says it continues instead of planning again', () => {
    const started = record({ api: { state: 'succeeded', attempts: [attempt('codegen')] } });
    // Only that: its dispatch, PR and verdict are in the session already, from the job that saw them.
    expect(activitiesBetween(undefined, started)).toEqual([
      { type: 'thought', body: 'Continuing the recorded plan: 1 of 2 task(s) done.' },
    ]);
  });

  it('dispatch, fallback, PR, verdict, failure and budget refusal each become one activity in order', () => {
    const a = record({});
    const b = record({
      api: { state: 'running', executorReason: 'large tasks go to Codegen', attempts: [attempt('codegen')] },
    });
    expect(activitiesBetween(a, b)).toEqual([
      {
        type: 'action',
        action: 'Dispatch',
        parameter: 'api → codegen (attempt 1)',
        result: 'large tasks go to Codegen',
      },
    ]);
    const c = record({
      api: {
        state: 'succeeded',
        pullRequest: pr,
        checks: { state: 'success', summary: 'CI green' },
        attempts: [attempt('codegen'), attempt('claude-code', { number: 2, fallbackFrom: 'codegen' })],
      },
      docs: { state: 'deferred', note: 'the daily budget is spent' },
    });
    expect(activitiesBetween(b, c)).toEqual([
      { type: 'action', action: 'Fall back', parameter: 'api: codegen → claude-code', result: undefined },
      { type: 'action', action: 'Pull request', parameter: pr.url, result: 'api: Greeting API' },
      { type: 'action', action: 'Verdict', parameter: 'api', result: 'passed: CI green' },
      { type: 'error', body: 'Task docs not started: the daily budget is spent' },
    ]);
    const d = record({
      ...c.tasks,
      docs: {
        state: 'failed',
        attempts: [attempt('claude-code', { failure: { kind: 'internal', message: 'boom' } })],
      },
    });
    expect(activitiesBetween(c, d).at(-1)).toEqual({ type: 'error', body: 'Task docs failed: boom' });
    // Nothing changed, nothing said.
    expect(activitiesBetween(d, d)).toEqual([]);
  });

  it('keeps the plan in step with the DAG, links the run and each PR, and ends with a response', () => {
    const r = record({
      api: { state: 'succeeded', pullRequest: pr },
      docs: { state: 'held', note: 'stopped from Linear by Ada' },
    });
    expect(sessionPlanOf(r)).toEqual({
      steps: [
        { content: 'Task api', status: 'completed' },
        { content: 'Task docs (held)', status: 'canceled' },
      ],
    });
    expect(externalUrlsOf(r, 'https://github.com/acme/widgets/actions/runs/1')).toEqual([
      { label: 'Workflow run', url: 'https://github.com/acme/widgets/actions/runs/1' },
      { label: 'PR #7: api', url: pr.url },
    ]);
    const stopped = finalResponse(r, 'Ada');
    expect(stopped.type).toBe('response');
    expect(stopped.type === 'response' && stopped.body).toMatch(/^Stopped by Ada: 1 of 2 task\(s\) done/);
  });

  it('batches every activity and the session update into one aliased mutation, in order', () => {
    let n = 0;
    const { query, variables } = renderSessionPost(
      's1',
      {
        activities: [
          { type: 'thought', body: 'a' },
          { type: 'error', body: 'b' },
        ],
        plan: { steps: [] },
      },
      () => `id-${n++}`,
    );
    expect(query.indexOf('a0: agentActivityCreate')).toBeLessThan(query.indexOf('a1: agentActivityCreate'));
    expect(query.indexOf('a1: agentActivityCreate')).toBeLessThan(
      query.indexOf('session: agentSessionUpdate'),
    );
    expect(variables.a1).toEqual({ id: 'id-1', agentSessionId: 's1', content: { type: 'error', body: 'b' } });
    expect(variables.update).toEqual({ plan: { steps: [] } });
  });
});

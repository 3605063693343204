import { describe, expect, it } from 'vitest';
import { renderTraceStatsText } from '../../src/cli/stats-traces.js';
import { ExecutionResult, MAX_TRACED_TOOLS, OTHER_TOOLS, ToolTally } from '../../src/domain/index.js';
import { IssueRecord } from '../../src/ledger/records.js';
import { computeTraceStats } from '../../src/ledger/trace-stats.js';
import { TEST_EPOCH } from '../helpers/fixed-time.js';

const at = (minutes: number) => new Date(TEST_EPOCH + minutes * 60_000).toISOString();

const TRACE = {
  source: 'claude-stream',
  tools: { Write: 2, Read: 1 },
  toolCalls: 3,
  turns: 4,
  durationMs: 12_000,
  costUsd: 0.12,
};

function record(trace?: unknown): unknown {
  return {
    schema: 1,
    issue: { identifier: 'ENG-7', title: 'Traced' },
    claimedBy: { runId: '1', at: at(0) },
    status: 'succeeded',
    tasks: {
      t1: {
        id: 't1',
        title: 'One',
        state: 'succeeded',
        updatedAt: at(5),
        attempts: [
          {
            number: 1,
            executor: 'claude-code',
            dispatchKey: 'ENG-7/t1/1',
            sessionId: 's1',
            status: 'succeeded',
            startedAt: at(1),
            finishedAt: at(2),
            ...(trace === undefined ? {} : { trace }),
          },
        ],
      },
    },
    createdAt: at(0),
    updatedAt: at(5),
  };
}

describe('an attempt’s trace in the ledger', () => {
  it('a ledger written before traces existed still parses, with no trace', () => {
    const old = IssueRecord.parse(record());
    expect(old.tasks.t1?.attempts[0]?.trace).toBeUndefined();
  });

  it('round-trips through JSON with its trace', () => {
    const parsed = IssueRecord.parse(record(TRACE));
    const again = IssueRecord.parse(JSON.parse(JSON.stringify(parsed)));
    expect(again.tasks.t1?.attempts[0]?.trace).toEqual(TRACE);
  });

  it('refuses a trace that is not bounded or not well formed, naming the field', () => {
    const tooMany = Object.fromEntries(
      Array.from({ length: MAX_TRACED_TOOLS + 2 }, (_, i) => [`tool${i}`, 1]),
    );
    const bad = IssueRecord.safeParse(record({ ...TRACE, tools: tooMany }));
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['tasks', 't1', 'attempts', 0, 'trace', 'tools']);
    expect(IssueRecord.safeParse(record({ ...TRACE, turns: -1 })).success).toBe(false);
    expect(IssueRecord.safeParse(record({ ...TRACE, url: 'not a url' })).success).toBe(false);
  });

  it('a tally keeps the first tool names and folds the rest together, so any trace fits the schema', () => {
    const tally = new ToolTally();
    for (let i = 0; i < MAX_TRACED_TOOLS + 5; i += 1) tally.add(`tool${i}`);
    tally.add('tool0');
    const tools = tally.toRecord();
    expect(Object.keys(tools)).toHaveLength(MAX_TRACED_TOOLS + 1);
    expect(tools[OTHER_TOOLS]).toBe(5);
    expect(tools.tool0).toBe(2);
    expect(tally.calls).toBe(MAX_TRACED_TOOLS + 6);
    const result = ExecutionResult.safeParse({
      executor: 'x',
      sessionId: null,
      status: 'succeeded',
      success: true,
      pullRequest: null,
      branch: null,
      cost: { usd: 0, estimated: false, basis: 'none' },
      durationMs: 0,
      startedAt: at(0),
      finishedAt: at(0),
      trace: { ...TRACE, tools, toolCalls: tally.calls },
    });
    expect(result.success).toBe(true);
  });
});

describe('traces in cyrus stats', () => {
  const issues = [
    IssueRecord.parse(record(TRACE)),
    IssueRecord.parse({
      ...(record({
        ...TRACE,
        source: 'codegen-logs',
        tools: { ripgrep_search: 5, Write: 1 },
        toolCalls: 6,
        turns: 9,
      }) as object),
      issue: { identifier: 'ENG-8', title: 'Cloud' },
    }),
  ];
  // The second record's attempt ran on Codegen.
  const cloud = issues[1]?.tasks.t1?.attempts[0];
  if (cloud) cloud.executor = 'codegen';

  it('adds up tools and turns across attempts, overall and by executor', () => {
    const stats = computeTraceStats({ issues, period: 'week', nowMs: TEST_EPOCH + 60 * 60_000 });
    expect(stats.all).toEqual({
      attempts: 2,
      toolCalls: 9,
      turns: 13,
      durationMs: 24_000,
      tools: { Write: 3, Read: 1, ripgrep_search: 5 },
    });
    expect(Object.keys(stats.byExecutor).sort()).toEqual(['claude-code', 'codegen']);
    expect(renderTraceStatsText(stats)).toEqual([
      'Traces: 2 traced attempts, 9 tool call(s), 13 turn(s) (about 7 per attempt); tools: ripgrep_search 5, Write 3, Read 1',
      '  claude-code: 1 traced attempt, 3 tool call(s), 4 turn(s) (about 4 per attempt); tools: Write 2, Read 1',
      '  codegen: 1 traced attempt, 6 tool call(s), 9 turn(s) (about 9 per attempt); tools: ripgrep_search 5, Write 1',
    ]);
  });

  it('counts only tasks of the period, and says nothing when no attempt kept a trace', () => {
    const later = TEST_EPOCH + 10 * 24 * 60 * 60_000;
    expect(computeTraceStats({ issues, period: 'day', nowMs: later }).all.attempts).toBe(0);
    expect(computeTraceStats({ issues, period: 'all', nowMs: later }).all.attempts).toBe(2);
    const untraced = [IssueRecord.parse(record())];
    expect(
      renderTraceStatsText(computeTraceStats({ issues: untraced, period: 'all', nowMs: later })),
    ).toEqual([]);
  });
});

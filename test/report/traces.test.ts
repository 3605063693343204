import { describe, expect, it } from 'vitest';
import { IssueRecord } from '../../src/ledger/records.js';
import { type JobReport, renderJobSummary } from '../../src/report/index.js';
import { toolsText } from '../../src/report/traces.js';
import { hybridRecord, NOW } from './fixtures.js';

function withTraces(): IssueRecord {
  const record = structuredClone(hybridRecord);
  const t1 = record.tasks.t1;
  const t2 = record.tasks.t2;
  if (!t1 || !t2) throw new Error('fixture changed: t1 and t2 expected');
  const local = t1.attempts[1];
  const cloud = t2.attempts[0];
  if (!local || !cloud) throw new Error('fixture changed: attempts expected');
  local.trace = {
    source: 'claude-stream',
    tools: { Write: 3, Read: 5, Bash: 1, Edit: 2, Glob: 1, Grep: 1, LS: 1, '<img|x>': 1 },
    toolCalls: 15,
    turns: 9,
    durationMs: 185_000,
    costUsd: 0.42,
  };
  cloud.trace = {
    source: 'codegen-logs',
    tools: { ripgrep_search: 4 },
    toolCalls: 4,
    turns: 12,
    durationMs: 600_000,
    url: 'https://codegen.com/agent/trace/555',
    truncated: 'stopped after 10 page(s) of logs',
  };
  return IssueRecord.parse(record);
}

const report = (record: IssueRecord): JobReport => ({
  status: 'pending',
  trigger: { event: 'issues', decision: 'labelled' },
  decisions: [],
  work: { record, now: NOW },
});

describe('the Traces table of the job summary', () => {
  it('has a row per traced attempt: tools most used first, calls, turns, time, cost, the run link', () => {
    const summary = renderJobSummary(report(withTraces()));
    const section = summary.slice(summary.indexOf('### Traces'));
    const rows = section.split('\n').filter((l) => l.startsWith('| **'));
    expect(rows).toEqual([
      '| **t1** #2 | claude-code | Read ×5, Write ×3, Edit ×2, \\<img\\|x\\> ×1, Bash ×1, Glob ×1, +2 more | 15 | 9 | 3m 05s | $0.42 | — |',
      '| **t2** #1 | codegen | ripgrep\\_search ×4 (cut off) | 4 | 12 | 10m 00s | — | [run](https://codegen.com/agent/trace/555) |',
    ]);
    expect(section).toMatch(
      /^### Traces\n\n\| Attempt \| Executor \| Tools used \| Tool calls \| Turns \| Time \| Cost \| Run \|/,
    );
  });

  it('is left out when no attempt kept a trace (tracing off)', () => {
    expect(renderJobSummary(report(hybridRecord))).not.toContain('### Traces');
  });

  it('escapes tool names (they come from the agent) and is the same text for the same report', () => {
    expect(toolsText({ '<img|x>': 1 })).toBe('\\<img\\|x\\> ×1');
    expect(renderJobSummary(report(withTraces()))).toBe(renderJobSummary(report(withTraces())));
  });
});

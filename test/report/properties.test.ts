import { describe, expect, it } from 'vitest';
import type { IssueRecord } from '../../src/ledger/records.js';
import {
  LIMITS,
  renderJobSummary,
  renderTrackingComment,
  renderValidationCheck,
  utf8Length,
} from '../../src/report/index.js';
import {
  dryRunReport,
  failureReport,
  hybridRecord,
  hybridReport,
  NOW,
  skippedReport,
  verdicts,
} from './fixtures.js';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe('determinism', () => {
  it.each([
    ['hybrid', hybridReport],
    ['skipped', skippedReport],
    ['failure', failureReport],
    ['dry run', dryRunReport],
  ])('%s: same input, same output, input untouched', (_name, report) => {
    const frozen = deepFreeze(structuredClone(report));
    const first = renderJobSummary(frozen);
    expect(renderJobSummary(structuredClone(report))).toBe(first);
    expect(renderJobSummary(frozen)).toBe(first);
  });

  it('the tracking comment depends on the passed time only', () => {
    const work = deepFreeze(structuredClone({ record: hybridRecord }));
    const a = renderTrackingComment({ work, now: NOW });
    expect(renderTrackingComment({ work, now: NOW })).toBe(a);
    expect(renderTrackingComment({ work, now: '2025-03-14T11:00:00.000Z' })).not.toBe(a);
  });

  it('task order follows the plan, not the ledger object order', () => {
    const reversed = Object.fromEntries(Object.entries(hybridRecord.tasks).reverse());
    const work = { record: { ...hybridRecord, tasks: reversed } };
    expect(renderTrackingComment({ work, now: NOW })).toBe(
      renderTrackingComment({ work: { record: hybridRecord }, now: NOW }),
    );
  });
});

describe('estimated costs are always marked', () => {
  it('Codegen (estimated) costs carry ~, Claude (reported) costs do not', () => {
    const summary = renderJobSummary(hybridReport);
    const row = (id: string) => summary.split('\n').find((l) => l.startsWith(`| **${id}**`)) ?? '';
    expect(row('t2')).toMatch(/\| ~\$0\.50 \|$/);
    expect(row('t1')).toMatch(/\| \$0\.42 \|$/);
    expect(summary).toContain('$0.97 reported + ~$0.50 estimated = ~$1.47');
    expect(summary).toContain('`~` marks an estimate');
    const comment = renderTrackingComment({ work: { record: hybridRecord }, now: NOW });
    expect(comment).toContain('~$0.50');
    expect(comment).toContain('$0.97 + ~$0.50');
  });

  it('an all-reported run has no ~ and no estimate note', () => {
    const tasks = Object.fromEntries(
      Object.entries(hybridRecord.tasks).map(([id, t]) => [
        id,
        { ...t, attempts: t.attempts.map((a) => ({ ...a, costEstimated: false })) },
      ]),
    );
    const summary = renderJobSummary({ ...hybridReport, work: { record: { ...hybridRecord, tasks } } });
    expect(summary).not.toContain('~$');
    expect(summary).not.toContain('marks an estimate');
  });
});

describe('length limits', () => {
  const huge = 'x'.repeat(200_000);
  const emoji = '🚀'.repeat(40_000);

  it('check run summary and text stay within 65535 (bytes, so characters too)', () => {
    const check = renderValidationCheck({
      ...verdicts.failed,
      outcome: 'failed',
      issue: 'ENG-1',
      task: { id: 't1', title: huge },
      reasons: Array.from({ length: 2_000 }, (_, i) => `reason ${i} ${emoji.slice(0, 200)}`),
      evidence: Array.from({ length: 20 }, (_, i) => ({
        source: `job ${i}`,
        excerpt: `${huge}\nTHE END ${i}`,
      })),
    });
    expect(utf8Length(check.output.summary)).toBeLessThanOrEqual(LIMITS.checkRunField);
    expect(utf8Length(check.output.text ?? '')).toBeLessThanOrEqual(LIMITS.checkRunField);
    expect(check.output.summary).toMatch(/… \(truncated\)$/);
    expect(check.output.title.length).toBeLessThanOrEqual(200);
    // An excerpt keeps the end of a log, where the error is.
    expect(check.output.text).toContain('THE END 0');
    expect(check.output.text).toContain('earlier characters omitted');
  });

  it('a long title is cut in the table and the comment', () => {
    const plan = hybridRecord.plan;
    if (!plan) throw new Error('fixture');
    const record: IssueRecord = {
      ...hybridRecord,
      plan: { ...plan, tasks: plan.tasks.map((t) => ({ ...t, title: huge.slice(0, 200) })) },
    };
    const summary = renderJobSummary({ ...hybridReport, work: { record } });
    for (const row of summary.split('\n').filter((l) => l.startsWith('| **'))) {
      expect(row.length).toBeLessThan(400);
    }
    const comment = renderTrackingComment({ work: { record }, now: NOW });
    for (const line of comment.split('\n')) expect(line.length).toBeLessThan(400);
  });

  it('the job summary stays under 1 MiB whatever the decisions', () => {
    const summary = renderJobSummary({
      ...hybridReport,
      decisions: Array.from({ length: 20_000 }, (_, i) => `decision ${i} ${emoji.slice(0, 100)}`),
    });
    expect(utf8Length(summary)).toBeLessThanOrEqual(LIMITS.jobSummary);
    expect(summary).toMatch(/… \(truncated\)$/);
  });
});

import { describe, expect, it } from 'vitest';
import {
  renderGitHubIssueComment,
  renderJobSummary,
  renderTrackingComment,
  renderValidationCheck,
} from '../../src/report/index.js';
import {
  dryRunReport,
  dryRunWork,
  failureReport,
  hybridReport,
  hybridWork,
  NOW,
  RUN_URL,
  skippedReport,
  verdicts,
} from './fixtures.js';

describe('job summary', () => {
  it('a hybrid run: fallback, success, failure and a held dependent', () => {
    expect(renderJobSummary(hybridReport)).toMatchSnapshot();
  });

  it('a skipped run says why', () => {
    const text = renderJobSummary(skippedReport);
    expect(text).toContain('⏭️ skipped');
    expect(text).toContain('the "push" event does not start or continue work');
    expect(text).not.toContain('### Plan');
    expect(text).toMatchSnapshot();
  });

  it('a failure has an error section', () => {
    const text = renderJobSummary(failureReport);
    expect(text).toContain('### Error');
    expect(text).toMatchSnapshot();
  });

  it('a dry run shows the plan with estimates and no timeline', () => {
    const text = renderJobSummary(dryRunReport);
    expect(text).toContain('_No task has started yet._');
    expect(text).not.toContain('gantt');
    expect(text).toMatchSnapshot();
  });

  it('a plan not yet made', () => {
    const text = renderJobSummary({
      ...hybridReport,
      status: 'pending',
      work: { record: { ...hybridWork.record, status: 'planning', plan: undefined, tasks: {} } },
    });
    expect(text).toContain('_No tasks yet._');
    expect(text).not.toContain('```mermaid');
  });
});

describe('tracking comments', () => {
  it('Linear: marker, checklist, totals, run link, updated line', () => {
    const text = renderTrackingComment({ work: hybridWork, now: NOW, runUrl: RUN_URL });
    expect(text.split('\n')[0]).toBe('<!-- cyrus:tracking -->');
    expect(text).toMatchSnapshot();
  });

  it('GitHub issue without a Linear twin', () => {
    const text = renderGitHubIssueComment({ work: hybridWork, now: NOW, runUrl: RUN_URL });
    expect(text).toContain('No Linear issue is linked to this GitHub issue');
    expect(text).toMatchSnapshot();
  });

  it('a dry run', () => {
    expect(renderTrackingComment({ work: dryRunWork, now: NOW })).toMatchSnapshot();
  });

  it('while planning', () => {
    const text = renderTrackingComment({
      work: { record: { ...hybridWork.record, status: 'planning', plan: undefined, tasks: {} } },
      now: NOW,
    });
    expect(text).toMatchInlineSnapshot(`
      "<!-- cyrus:tracking -->
      **Cyrus** · 📝 planning · strategy \`hybrid-smart\`

      _Planning…_

      updated 2025-03-14 10:42 UTC"
    `);
  });
});

describe('Cyrus validation check run', () => {
  it.each(Object.keys(verdicts))('%s', (name) => {
    const verdict = verdicts[name];
    if (!verdict) throw new Error(name);
    expect(renderValidationCheck(verdict)).toMatchSnapshot();
  });
});

import { describe, expect, it } from 'vitest';
import { renderJobSummary } from '../../src/report/index.js';

describe('the job summary’s API budget', () => {
  const base = {
    status: 'success' as const,
    trigger: { event: 'issues', decision: 'labelled' },
    decisions: [],
  };

  it('says how many GitHub requests the job spent, how many were commits and how many were free 304s', () => {
    const text = renderJobSummary({
      ...base,
      githubRequests: { rest: 31, notModified: 9, reads: 14, contentWrites: 8 },
    });
    expect(text).toContain('### API budget');
    expect(text).toContain(
      '- GitHub: 31 REST request(s) (14 read(s), 17 write(s), of them 8 commit(s)); 9 more answered 304 Not Modified, which are free',
    );
  });

  it('is left out when the job made no count (a skip before any client existed)', () => {
    expect(renderJobSummary(base)).not.toContain('API budget');
  });
});

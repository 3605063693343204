import { describe, expect, it } from 'vitest';
import { isLinearIdentifier, parseIssueInput, pullRequestTitle } from '../../src/util/issue-identity.js';

describe('issue identity', () => {
  it('knows a Linear identifier by its shape', () => {
    for (const value of ['ENG-1', 'eng-123', 'A1B2-7', 'ABCDEFGHIJ-42'])
      expect(isLinearIdentifier(value), value).toBe(true);
    for (const value of ['#42', '42', 'ENG-', '-1', '1ENG-2', 'ENG-1a', 'ABCDEFGHIJK-1', 'fix the login'])
      expect(isLinearIdentifier(value), value).toBe(false);
  });

  it('parses the issue input into a Linear identifier (upper-cased) or a GitHub number', () => {
    expect(parseIssueInput(' eng-123 ')).toEqual({ kind: 'linear', identifier: 'ENG-123' });
    expect(parseIssueInput('#7')).toEqual({ kind: 'github', number: 7 });
    expect(parseIssueInput('fix the login')).toBeUndefined();
  });

  it('writes one PR title for every executor: the identifier first, within GitHub’s limit', () => {
    expect(pullRequestTitle('ENG-9', 'Add login')).toBe('ENG-9: Add login');
    const long = pullRequestTitle('ENG-9', 'x'.repeat(400));
    expect(long).toHaveLength(250);
    expect(long.startsWith('ENG-9: ')).toBe(true);
  });
});

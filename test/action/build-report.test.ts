import { describe, expect, it } from 'vitest';
import { buildReport } from '../../scripts/build-report.mjs';

describe('what npm run build prints', () => {
  it('every file it wrote, its size, what it is, and the total', () => {
    const lines = buildReport(
      'dist',
      [
        { file: 'licenses.txt', size: 120_000 },
        { file: 'index.js', size: 665_622 },
        { file: 'cli/index.js', size: 2_701_133 },
        { file: '627.index.js', size: 1_800_000 },
      ],
      23_460,
    );
    expect(lines[0]).toBe('Built dist/ in 23.5 s:');
    expect(lines.slice(1, 5).map((l) => l.trim().split(/\s{2,}/))).toEqual([
      ['dist/627.index.js', '1,800,000 bytes', 'a chunk of the action, loaded only when needed'],
      ['dist/cli/index.js', '2,701,133 bytes', 'the cyrus command (package bin)'],
      ['dist/index.js', '665,622 bytes', 'the action (action.yml runs it)'],
      ['dist/licenses.txt', '120,000 bytes', 'licenses of the bundled dependencies'],
    ]);
    expect(lines.at(-1)).toBe('  4 files, 5,286,755 bytes in all (commit dist/: CI fails on a stale one)');
  });
});

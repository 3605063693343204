import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readRepositoryGuidance } from '../../src/planner/guidance.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cyrus-guidance-'));
  made.push(dir);
  return dir;
}

describe('the repository guidance (CLAUDE.md) the planner reads', () => {
  it('is read from a regular file', async () => {
    const dir = repo();
    writeFileSync(join(dir, 'CLAUDE.md'), 'Use pnpm.\n');
    expect(await readRepositoryGuidance(dir)).toEqual({ file: 'CLAUDE.md', text: 'Use pnpm.\n' });
  });

  it('never follows a symlink: one to /proc/self/environ puts nothing in the prompt', async () => {
    const dir = repo();
    symlinkSync('/proc/self/environ', join(dir, 'CLAUDE.md'));
    mkdirSync(join(dir, '.claude'));
    symlinkSync('/proc/self/environ', join(dir, '.claude', 'CLAUDE.md'));
    expect(await readRepositoryGuidance(dir)).toBeUndefined();
  });
});

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../src/util/logger.js';
import { readPullRequestWorkflows } from '../../src/validation/index.js';

describe('readPullRequestWorkflows', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('skips a workflow that does not parse, and says which one and why', async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'cyrus-workflows-'));
    dirs.push(workspace);
    const workflows = join(workspace, '.github', 'workflows');
    await mkdir(workflows, { recursive: true });
    await writeFile(join(workflows, 'ci.yml'), 'name: CI\non: [pull_request, workflow_dispatch]\njobs: {}\n');
    await writeFile(join(workflows, 'broken.yml'), 'name: [unclosed\non: pull_request\n');
    const logger = new MemoryLogger();
    const found = await readPullRequestWorkflows(workspace, undefined, logger);
    expect(found).toEqual([{ file: 'ci.yml', name: 'CI', dispatchable: true }]);
    expect(logger.lines.filter((l) => l.level === 'warning').map((l) => l.message)).toEqual([
      expect.stringMatching(/^skipped workflow broken\.yml: .+GitHub would not run it either/),
    ]);
  });

  it('treats a checkout without .github/workflows as having none, without a warning', async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'cyrus-workflows-'));
    dirs.push(workspace);
    const logger = new MemoryLogger();
    expect(await readPullRequestWorkflows(workspace, undefined, logger)).toEqual([]);
    expect(logger.lines).toEqual([]);
  });
});

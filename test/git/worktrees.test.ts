import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  commitAll,
  createWorktree,
  fetchBranch,
  Git,
  GitAuth,
  GitTimeoutError,
  pushHead,
  removeWorktree,
  withWorktree,
} from '../../src/git/index.js';
import { makeOrigin, sh, tempDirs } from './helpers/repos.js';

const git = new Git({ timeoutMs: 20_000 });
const dirs = tempDirs();
afterAll(() => dirs.cleanup());

function clone(): { ws: string; origin: string } {
  const root = dirs.make('origin');
  const origin = makeOrigin(root);
  const ws = join(dirs.make('ws'), 'checkout');
  sh(root, 'clone', '--quiet', origin, ws);
  return { ws, origin };
}

function worktreeList(ws: string): string {
  return sh(ws, 'worktree', 'list', '--porcelain');
}

describe('worktrees', () => {
  it('gives each task its own branch, based on the base branch or on the prerequisite task branch', async () => {
    const { ws, origin } = clone();
    const root = dirs.make('wt');
    const remote = { url: origin, auth: GitAuth.none() };

    const first = await createWorktree(git, {
      repoDir: ws,
      root,
      branch: 'cyrus/eng-7-t1',
      startPoint: 'origin/main',
    });
    expect(first.baseSha).toBe(sh(ws, 'rev-parse', 'origin/main'));
    expect(sh(first.path, 'branch', '--show-current')).toBe('cyrus/eng-7-t1');
    writeFileSync(join(first.path, 'api.ts'), 'export const api = 1;\n');
    await commitAll(git, { cwd: first.path, baseSha: first.baseSha, message: 'ENG-7: api' });
    await pushHead(git, first.path, remote, 'cyrus/eng-7-t1');

    const base = await fetchBranch(git, ws, remote, 'cyrus/eng-7-t1', 'refs/remotes/origin/cyrus/eng-7-t1');
    const second = await createWorktree(git, {
      repoDir: ws,
      root,
      branch: 'cyrus/eng-7-t2',
      startPoint: 'refs/remotes/origin/cyrus/eng-7-t1',
    });
    expect(second.baseSha).toBe(base);
    expect(readFileSync(join(second.path, 'api.ts'), 'utf8')).toContain('api = 1');
    expect(second.path).not.toBe(first.path);

    await removeWorktree(git, ws, first.path);
    await removeWorktree(git, ws, second.path);
    expect(existsSync(first.path)).toBe(false);
    expect(worktreeList(ws)).not.toContain('cyrus-wt-');
  });

  it('removes the worktree when the work throws, and replaces a stale one left by a killed run', async () => {
    const { ws } = clone();
    const root = dirs.make('wt');
    let seen = '';
    await expect(
      withWorktree(git, { repoDir: ws, root, branch: 'cyrus/eng-8-t1', startPoint: 'main' }, async (wt) => {
        seen = wt.path;
        writeFileSync(join(wt.path, 'dirty.txt'), 'uncommitted\n');
        throw new Error('agent blew up');
      }),
    ).rejects.toThrow('agent blew up');
    expect(existsSync(seen)).toBe(false);
    expect(worktreeList(ws)).not.toContain('cyrus-wt-');

    // A killed run leaves its worktree behind; the next one on that branch starts clean.
    const stale = await createWorktree(git, {
      repoDir: ws,
      root,
      branch: 'cyrus/eng-8-t1',
      startPoint: 'main',
    });
    writeFileSync(join(stale.path, 'junk.txt'), 'junk\n');
    const fresh = await createWorktree(git, {
      repoDir: ws,
      root,
      branch: 'cyrus/eng-8-t1',
      startPoint: 'main',
    });
    expect(fresh.path).toBe(stale.path);
    expect(existsSync(join(fresh.path, 'junk.txt'))).toBe(false);
    await removeWorktree(git, ws, fresh.path);
  });

  it('creates worktrees for parallel tasks at the same time without lock errors', async () => {
    const { ws } = clone();
    const root = dirs.make('wt');
    const made = await Promise.all(
      ['t1', 't2', 't3', 't4'].map((t) =>
        createWorktree(git, { repoDir: ws, root, branch: `cyrus/eng-9-${t}`, startPoint: 'main' }),
      ),
    );
    expect(new Set(made.map((w) => w.path)).size).toBe(4);
    await Promise.all(made.map((w) => removeWorktree(git, ws, w.path)));
    expect(worktreeList(ws)).not.toContain('cyrus-wt-');
  });
});

describe('commitAll', () => {
  it('reports no change when the agent changed nothing', async () => {
    const { ws } = clone();
    const wt = await createWorktree(git, {
      repoDir: ws,
      root: dirs.make('wt'),
      branch: 'b1',
      startPoint: 'main',
    });
    const outcome = await commitAll(git, { cwd: wt.path, baseSha: wt.baseSha, message: 'nothing' });
    expect(outcome).toMatchObject({ committed: false, commitsAhead: 0, changedFiles: [] });
    await removeWorktree(git, ws, wt.path);
  });

  it('commits what is left as the action, and runs no hook an agent planted in .git', async () => {
    const { ws } = clone();
    const wt = await createWorktree(git, {
      repoDir: ws,
      root: dirs.make('wt'),
      branch: 'b2',
      startPoint: 'main',
    });
    const marker = join(dirs.make('marker'), 'hook-ran');
    const hooks = join(ws, '.git', 'hooks');
    mkdirSync(hooks, { recursive: true });
    for (const hook of ['pre-commit', 'commit-msg', 'post-commit', 'reference-transaction']) {
      writeFileSync(join(hooks, hook), `#!/bin/sh\nenv > ${marker}\n`);
      chmodSync(join(hooks, hook), 0o755);
    }
    writeFileSync(join(wt.path, 'new.ts'), 'export {};\n');
    writeFileSync(join(wt.path, 'README.md'), '# changed\n');

    const outcome = await commitAll(git, {
      cwd: wt.path,
      baseSha: wt.baseSha,
      message: 'ENG-1: change\n\nbody',
    });

    expect(outcome.committed).toBe(true);
    expect(outcome.commitsAhead).toBe(1);
    expect(outcome.changedFiles.sort()).toEqual(['README.md', 'new.ts']);
    expect(sh(wt.path, 'log', '-1', '--format=%an <%ae>|%s')).toBe(
      'codegen-action[bot] <codegen-action[bot]@users.noreply.github.com>|ENG-1: change',
    );
    expect(existsSync(marker)).toBe(false);
    await removeWorktree(git, ws, wt.path);
  });
});

describe('Git runner', () => {
  function fakeGit(body: string): string {
    const file = join(dirs.make('bin'), 'git');
    writeFileSync(file, `#!/bin/sh\n${body}\n`);
    chmodSync(file, 0o755);
    return file;
  }

  it('gives git no secret from the action environment', async () => {
    const runner = new Git({
      binary: fakeGit('env'),
      sourceEnv: {
        PATH: process.env.PATH,
        HOME: '/home/runner',
        GITHUB_TOKEN: 'ghs_secret',
        'INPUT_GITHUB-TOKEN': 'ghs_secret',
        LINEAR_API_KEY: 'lin_secret',
        ANTHROPIC_API_KEY: 'sk-ant-secret',
        GIT_CONFIG_COUNT: '1',
      },
    });
    const out = await runner.text(['version'], { cwd: dirs.make('cwd') });
    expect(out).toContain('HOME=/home/runner');
    expect(out).toContain('GIT_TERMINAL_PROMPT=0');
    expect(out).not.toMatch(/secret|GIT_CONFIG_COUNT/);
  });

  it('kills a call that overruns its bound', async () => {
    const runner = new Git({ binary: fakeGit('sleep 30') });
    await expect(runner.run(['status'], { cwd: dirs.make('cwd'), timeoutMs: 200 })).rejects.toBeInstanceOf(
      GitTimeoutError,
    );
  });
});

import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { repositoryLock } from './lock.js';
import type { Git } from './runner.js';

export interface Worktree {
  /** Absolute directory of the worktree. */
  path: string;
  /** Local branch checked out there. */
  branch: string;
  /** Commit the branch started from. */
  baseSha: string;
}

export interface CreateWorktreeOptions {
  /** Any directory of the repository (its main checkout). */
  repoDir: string;
  /** Parent directory of worktrees; keep it outside the checkout. */
  root: string;
  branch: string;
  /** Ref or commit the branch starts from. */
  startPoint: string;
  timeoutMs?: number;
}

/** A directory name for a branch: one per branch, so a follow-up resumes in the same place. */
export function worktreeDirName(branch: string): string {
  const safe = branch.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return `cyrus-wt-${safe.slice(0, 80) || 'branch'}`;
}

/** Absolute path of the repository's shared `.git` directory. */
export async function commonDirOf(git: Git, repoDir: string, timeoutMs?: number): Promise<string> {
  return git.text(['rev-parse', '--path-format=absolute', '--git-common-dir'], {
    cwd: repoDir,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
}

/**
 * Creates a worktree at `<root>/cyrus-wt-<branch>` with `branch` reset to `startPoint`.
 * A stale worktree of an earlier, killed run in that place is removed first.
 */
export async function createWorktree(git: Git, options: CreateWorktreeOptions): Promise<Worktree> {
  const timeout = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
  const commonDir = await commonDirOf(git, options.repoDir, options.timeoutMs);
  const path = join(options.root, worktreeDirName(options.branch));
  return repositoryLock.run(commonDir, async () => {
    await removeWorktreeUnlocked(git, options.repoDir, path);
    const baseSha = await git.text(['rev-parse', '--verify', `${options.startPoint}^{commit}`], {
      cwd: options.repoDir,
      ...timeout,
    });
    await git.run(['worktree', 'add', '--no-track', '-B', options.branch, path, baseSha], {
      cwd: options.repoDir,
      ...timeout,
    });
    return { path, branch: options.branch, baseSha };
  });
}

async function removeWorktreeUnlocked(
  git: Git,
  repoDir: string,
  path: string,
  logger?: Logger,
): Promise<void> {
  if (existsSync(path)) {
    // Twice --force: also removes a worktree that is dirty or locked.
    await git
      .run(['worktree', 'remove', '--force', '--force', path], { cwd: repoDir, timeoutMs: 60_000 })
      .catch((error: unknown) =>
        logger?.debug(
          `git worktree remove ${path} failed (${errorMessage(error)}); deleting the directory instead`,
        ),
      );
    // Not a registered worktree (or git failed): the directory goes anyway.
    await rm(path, { recursive: true, force: true, maxRetries: 3 });
  }
  await git.run(['worktree', 'prune'], { cwd: repoDir, timeoutMs: 30_000 });
}

/** Removes the worktree directory and its registration; the branch ref stays (it has been pushed). */
export async function removeWorktree(
  git: Git,
  repoDir: string,
  path: string,
  logger?: Logger,
): Promise<void> {
  const commonDir = await commonDirOf(git, repoDir, 30_000);
  await repositoryLock.run(commonDir, () => removeWorktreeUnlocked(git, repoDir, path, logger));
}

/** Runs `fn` in a fresh worktree and removes the worktree afterwards, whatever happened. */
export async function withWorktree<T>(
  git: Git,
  options: CreateWorktreeOptions,
  fn: (worktree: Worktree) => Promise<T>,
): Promise<T> {
  const worktree = await createWorktree(git, options);
  try {
    return await fn(worktree);
  } finally {
    await removeWorktree(git, options.repoDir, worktree.path);
  }
}

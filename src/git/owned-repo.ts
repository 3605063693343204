import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { Git } from './runner.js';

/**
 * A git directory only the action writes (a security rule): untrusted code works in a plain directory
 * with no git metadata the action reads; the action names this git dir and that work tree
 * explicitly on every call, reads no global or system config, runs no hooks, and talks to the
 * remote only over the protocol of the URL it trusts.
 */
export interface OwnedRepository {
  gitDir: string;
  workTree: string;
  git: Git;
}

/** The transport protocols the action's own git may use for `url`; nothing else (no `ext::`). */
function protocolsFor(url: string): string[] {
  if (isAbsolute(url) || url.startsWith('file://')) return ['file'];
  if (/^https:\/\//i.test(url)) return ['https'];
  // Plain http only to this machine: the tests' loopback git server.
  if (/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//i.test(url)) return ['http'];
  if (/^(ssh:\/\/|[\w.-]+@[\w.-]+:)/i.test(url)) return ['ssh'];
  throw new Error(
    `the remote URL ${url.replace(/:\/\/[^/@\s]+@/, '://***@')} uses a protocol the action does not push over; use https`,
  );
}

export interface CreateOwnedRepositoryOptions {
  /** Parent of the git dir (it gets a fresh, private directory under it). */
  parent: string;
  /** The plain directory the untrusted code works in. */
  workTree: string;
  remoteUrl: string;
  /** An objects directory to borrow from (the workspace checkout's), so fetches stay small. */
  objectsFrom?: string;
  timeoutMs?: number;
}

export async function createOwnedRepository(
  git: Git,
  options: CreateOwnedRepositoryOptions,
): Promise<OwnedRepository> {
  const gitDir = await mkdtemp(join(options.parent, 'cyrus-git-'));
  await mkdir(options.workTree, { recursive: true });
  const owned = git.forOwnedRepository({
    gitDir,
    workTree: options.workTree,
    protocols: protocolsFor(options.remoteUrl),
  });
  const call = { cwd: gitDir, ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }) };
  // No template: nothing copied in from the machine's git installation.
  const bare = git.forOwnedRepository({ gitDir, protocols: [] });
  await bare.run(['init', '--quiet', '--bare', '--template='], call);
  if (options.objectsFrom && existsSync(options.objectsFrom)) {
    await mkdir(join(gitDir, 'objects', 'info'), { recursive: true });
    await writeFile(join(gitDir, 'objects', 'info', 'alternates'), `${options.objectsFrom}\n`);
  }
  return { gitDir, workTree: options.workTree, git: owned };
}

/** Puts `commit`'s tree into the work tree (and the index), on local branch `branch`. */
export async function checkOutInto(
  repo: OwnedRepository,
  branch: string,
  commit: string,
  timeoutMs?: number,
): Promise<void> {
  const call = { cwd: repo.gitDir, ...(timeoutMs === undefined ? {} : { timeoutMs }) };
  await repo.git.run(['update-ref', `refs/heads/${branch}`, commit], call);
  await repo.git.run(['symbolic-ref', 'HEAD', `refs/heads/${branch}`], call);
  await repo.git.run(['read-tree', '--reset', '-u', commit], call);
}

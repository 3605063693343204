import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  checkOutInto,
  createOwnedRepository,
  fetchBranch,
  type Git,
  type OwnedRepository,
  prepareTreeForImport,
  type RemoteTarget,
  worktreeDirName,
} from '../../git/index.js';
import { type CommandWrapper, type Sandbox, sandboxWrapper } from '../../sandbox/index.js';
import type { Logger } from '../../util/logger.js';

/**
 * Where one task's agent works (a security rule): a plain directory holding the start commit's files and
 * no git metadata the action will read, owned by the sandbox user; and next to it, private to
 * the action, the git dir the action commits and pushes from. The sandbox sees the directory,
 * its own HOME, and a read-only host with the checkout, the runner's directories and the git dir
 * hidden.
 */
export interface AgentDir {
  /** The agent's working directory (the path Claude sees). */
  path: string;
  /** The agent's HOME and CLAUDE_CONFIG_DIR parent; kept per branch so a follow-up can resume. */
  home: string;
  repo: OwnedRepository;
  baseSha: string;
}

export interface AgentDirOptions {
  git: Git;
  root: string;
  branch: string;
  target: RemoteTarget;
  /** Remote branch the start commit comes from, and the local ref it is fetched into. */
  startBranch: string;
  /** The workspace's objects, borrowed read-only so the fetch stays small. */
  objectsFrom?: string;
  timeoutMs: number;
  signal: AbortSignal;
}

export async function createAgentDir(options: AgentDirOptions): Promise<AgentDir> {
  const name = worktreeDirName(options.branch);
  const path = join(options.root, name);
  const home = join(options.root, `${name.replace(/^cyrus-wt-/, 'cyrus-home-')}`);
  // A directory of an earlier, killed run in that place goes first.
  await rm(path, { recursive: true, force: true, maxRetries: 3 });
  await mkdir(home, { recursive: true });
  const repo = await createOwnedRepository(options.git, {
    parent: options.root,
    workTree: path,
    remoteUrl: options.target.url,
    ...(options.objectsFrom ? { objectsFrom: options.objectsFrom } : {}),
    timeoutMs: options.timeoutMs,
  });
  const bound = { timeoutMs: options.timeoutMs, signal: options.signal };
  const ref = `refs/remotes/origin/${options.startBranch}`;
  const baseSha = await fetchBranch(repo.git, repo.gitDir, options.target, options.startBranch, ref, bound);
  await checkOutInto(repo, options.branch, baseSha, options.timeoutMs);
  return { path, home, repo, baseSha };
}

/** Hands the directory and HOME to the sandbox user and returns how to run a program there. */
export async function enterAgentDir(
  dir: AgentDir,
  sandbox: Sandbox,
  hidden: readonly string[],
  readOnly: readonly { source: string; dest: string }[],
): Promise<CommandWrapper> {
  await sandbox.giveToSandbox(dir.path);
  await sandbox.giveToSandbox(dir.home);
  return agentDirWrapper(dir, sandbox, hidden, readOnly);
}

/** How to run a program in the directory's sandbox, with these files bound read-only. */
export function agentDirWrapper(
  dir: AgentDir,
  sandbox: Sandbox,
  hidden: readonly string[],
  readOnly: readonly { source: string; dest: string }[],
): CommandWrapper {
  return sandboxWrapper(sandbox, {
    cwd: dir.path,
    writable: [{ source: dir.path }, { source: dir.home }],
    readOnly,
    hidden,
  });
}

/** Takes the directory back and makes its tree safe to import (no `.git`, no escaping symlink). */
export async function leaveAgentDir(dir: AgentDir, sandbox: Sandbox, logger?: Logger): Promise<void> {
  await sandbox.takeBack(dir.path);
  const check = await prepareTreeForImport(dir.path);
  if (check.removedGitEntries.length > 0) {
    logger?.warning(
      `the agent left git metadata (${check.removedGitEntries.slice(0, 5).join(', ')}); it was removed, not imported`,
    );
  }
}

/** Removes the directory and the git dir; HOME stays for a follow-up on the branch. */
export async function removeAgentDir(dir: AgentDir, sandbox: Sandbox): Promise<void> {
  // A take-back that fails leaves files owned by the agent's user: the rm below then fails and says so.
  await sandbox.takeBack(dir.path).catch(() => undefined);
  await rm(dir.path, { recursive: true, force: true, maxRetries: 3 });
  await rm(dir.repo.gitDir, { recursive: true, force: true, maxRetries: 3 });
}

import { type GitAuth, gitAuthEnv } from './credentials.js';
import { repositoryLock } from './lock.js';
import type { Git } from './runner.js';

/** Where the action fetches from and pushes to, with the credentials only it holds. */
export interface RemoteTarget {
  /** Explicit URL (read before any agent ran), never a remote name an agent could have re-pointed. */
  url: string;
  auth: GitAuth;
}

export interface RemoteCallOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

function callOptions(cwd: string, target: RemoteTarget, options: RemoteCallOptions) {
  return {
    cwd,
    env: gitAuthEnv(target.auth),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.signal ? { signal: options.signal } : {}),
  };
}

/** The commit a branch points at on the remote, or null when the branch does not exist there. */
export async function remoteBranchSha(
  git: Git,
  cwd: string,
  target: RemoteTarget,
  branch: string,
  options: RemoteCallOptions = {},
): Promise<string | null> {
  const out = await git.text(
    ['ls-remote', '--heads', target.url, `refs/heads/${branch}`],
    callOptions(cwd, target, options),
  );
  const line = out.split('\n').find((l) => l.endsWith(`\trefs/heads/${branch}`));
  return line ? (line.split('\t')[0] ?? null) : null;
}

/** Fetches one branch into `localRef` and returns its commit. */
export async function fetchBranch(
  git: Git,
  cwd: string,
  target: RemoteTarget,
  branch: string,
  localRef: string,
  options: RemoteCallOptions = {},
): Promise<string> {
  const commonDir = await git.text(['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd });
  // Parallel tasks fetching the same base would race on the ref's lock file.
  await repositoryLock.run(commonDir, () =>
    git.run(
      [
        'fetch',
        '--no-tags',
        '--no-write-fetch-head',
        '--no-recurse-submodules',
        target.url,
        `+refs/heads/${branch}:${localRef}`,
      ],
      callOptions(cwd, target, options),
    ),
  );
  return git.text(['rev-parse', '--verify', `${localRef}^{commit}`], { cwd });
}

/** Pushes HEAD of `cwd` to `branch` on the remote (fast-forward only, no hooks). */
export async function pushHead(
  git: Git,
  cwd: string,
  target: RemoteTarget,
  branch: string,
  options: RemoteCallOptions = {},
): Promise<void> {
  await git.run(
    ['push', '--no-verify', '--porcelain', target.url, `HEAD:refs/heads/${branch}`],
    callOptions(cwd, target, options),
  );
}

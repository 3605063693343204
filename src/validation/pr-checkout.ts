import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  extractPersistedCredentials,
  fetchBranch,
  Git,
  type RemoteTarget,
  withWorktree,
} from '../git/index.js';
import { UserError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';

/** The repository the action checked out, and how the action itself fetches from GitHub. */
export interface CheckoutSource {
  /** The workspace checkout (GITHUB_WORKSPACE). */
  repoDir: string;
  /** Explicit URL and the credentials only the action's own fetch may use. */
  remote: RemoteTarget;
  git?: Git;
  /** Where temporary checkouts go; RUNNER_TEMP on a runner, the OS temp dir otherwise. */
  tempRoot?: string;
}

export interface PullRequestHead {
  number: number;
  headRef: string;
  headSha: string;
}

export interface PrCheckout {
  /** The checkout of the PR head. */
  dir: string;
  /** Secret strings the action holds (for redacting output); never handed to the command. */
  secrets: readonly string[];
}

/**
 * Runs `fn` in a temporary worktree of the PR's head commit and removes it afterwards. Persisted
 * credentials are taken out of the shared `.git` first (fail-closed: it throws if one stays
 * readable), so nothing run in the worktree can read a token from the git configuration.
 */
export async function withPullRequestCheckout<T>(
  source: CheckoutSource,
  pr: PullRequestHead,
  logger: Logger,
  fn: (checkout: PrCheckout) => Promise<T>,
): Promise<T> {
  const git = source.git ?? new Git();
  // Idempotent: a no-op when the action already did it; anything found still goes to our fetch only.
  const leftover = await extractPersistedCredentials(source.repoDir, { git, logger });
  const auth = leftover.isEmpty ? source.remote.auth : source.remote.auth.merge(leftover);
  const target = { url: source.remote.url, auth };
  const localRef = `refs/cyrus/validate/pr-${pr.number}`;
  const fetched = await fetchBranch(git, source.repoDir, target, pr.headRef, localRef, {
    timeoutMs: 300_000,
  });
  if (fetched !== pr.headSha) {
    // The branch moved since the PR was read; the commit under validation may still be here.
    const present = await git.run(['cat-file', '-e', `${pr.headSha}^{commit}`], {
      cwd: source.repoDir,
      okExitCodes: [0, 1, 128],
    });
    if (present.exitCode !== 0) {
      throw new UserError(
        `PR #${pr.number}'s head ${pr.headSha.slice(0, 7)} is no longer on ${pr.headRef} (now ${fetched.slice(0, 7)})`,
        ['a newer push will be validated by its own pull_request event'],
      );
    }
  }
  const root = await mkdtemp(join(source.tempRoot ?? tmpdir(), 'cyrus-validate-'));
  const branch = `cyrus-validate/pr-${pr.number}-${pr.headSha.slice(0, 12)}`;
  try {
    return await withWorktree(
      git,
      { repoDir: source.repoDir, root, branch, startPoint: pr.headSha, timeoutMs: 120_000 },
      (worktree) => fn({ dir: worktree.path, secrets: auth.secretValues() }),
    );
  } finally {
    await git
      .run(['branch', '-D', branch], { cwd: source.repoDir, okExitCodes: [0, 1] })
      .catch(() => undefined);
    await git
      .run(['update-ref', '-d', localRef], { cwd: source.repoDir, okExitCodes: [0, 1] })
      .catch(() => undefined);
    await rm(root, { recursive: true, force: true, maxRetries: 3 });
  }
}

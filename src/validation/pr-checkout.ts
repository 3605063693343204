import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkOutInto,
  createOwnedRepository,
  dropEscapingSymlinks,
  extractPersistedCredentials,
  fetchBranch,
  Git,
  type OwnedRepository,
  type RemoteTarget,
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
  /** The branch the PR merges into: Claude Code's project files come from there. */
  baseRef?: string;
}

/** Files that configure Claude Code itself: on validation they are the base branch's, never the PR's. */
const CLAUDE_PROJECT_FILES = ['.claude', '.mcp.json', 'CLAUDE.md'];

export interface PrCheckout {
  /** The checkout of the PR head. */
  dir: string;
  /** Secret strings the action holds (for redacting output); never handed to the command. */
  secrets: readonly string[];
  /** Symlinks of the PR head that left the tree, removed before anything read it (JSON-quoted paths). */
  droppedSymlinks: readonly string[];
}

/** The validation's reason line for symlinks taken out of the checkout, or none. */
export function droppedSymlinksReason(checkout: Pick<PrCheckout, 'droppedSymlinks'>): string | undefined {
  const dropped = checkout.droppedSymlinks;
  if (dropped.length === 0) return undefined;
  const shown =
    dropped.slice(0, 10).join(', ') + (dropped.length > 10 ? ` and ${dropped.length - 10} more` : '');
  return `symlinks pointing outside the repository were removed from the checkout before the command and the review: ${shown}`;
}

/**
 * Runs `fn` in a fresh copy of the PR's head commit (its own directory, fetched into a git dir the
 * action owns, never a worktree of the workspace) and removes it afterwards. Persisted credentials
 * are taken out of the workspace's `.git` first (fail-closed: it throws if one stays readable).
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
  const root = await mkdtemp(join(source.tempRoot ?? tmpdir(), 'cyrus-validate-'));
  try {
    const repo = await createOwnedRepository(git, {
      parent: root,
      workTree: join(root, 'checkout'),
      remoteUrl: target.url,
      objectsFrom: join(source.repoDir, '.git', 'objects'),
      timeoutMs: 120_000,
    });
    const localRef = `refs/cyrus/validate/pr-${pr.number}`;
    const fetched = await fetchBranch(repo.git, repo.gitDir, target, pr.headRef, localRef, {
      timeoutMs: 300_000,
    });
    if (fetched !== pr.headSha) {
      // The branch moved since the PR was read; the commit under validation may still be here.
      const present = await repo.git.run(['cat-file', '-e', `${pr.headSha}^{commit}`], {
        cwd: repo.gitDir,
        okExitCodes: [0, 1, 128],
      });
      if (present.exitCode !== 0) {
        throw new UserError(
          `PR #${pr.number}'s head ${pr.headSha.slice(0, 7)} is no longer on ${pr.headRef} (now ${fetched.slice(0, 7)})`,
          ['a newer push will be validated by its own pull_request event'],
        );
      }
    }
    await checkOutInto(repo, `cyrus-validate/pr-${pr.number}`, pr.headSha, 120_000);
    if (pr.baseRef) await useBaseClaudeFiles(repo, target, pr.baseRef);
    // A reviewer's Read or a command would follow such a link to a host file (a token, a key).
    const droppedSymlinks = (await dropEscapingSymlinks(repo.workTree)).map((path) => JSON.stringify(path));
    if (droppedSymlinks.length > 0) {
      logger.warning(
        `validation: PR #${pr.number} has symlinks pointing outside the repository; removed from the checkout: ${droppedSymlinks.join(', ')}`,
      );
    }
    return await fn({ dir: repo.workTree, secrets: auth.secretValues(), droppedSymlinks });
  } finally {
    await rm(root, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** Replaces the PR's `.claude/`, `.mcp.json` and `CLAUDE.md` with the base branch's (or none). */
async function useBaseClaudeFiles(
  repo: OwnedRepository,
  target: RemoteTarget,
  baseRef: string,
): Promise<void> {
  const baseSha = await fetchBranch(repo.git, repo.gitDir, target, baseRef, 'refs/cyrus/validate/base', {
    timeoutMs: 300_000,
  });
  for (const path of CLAUDE_PROJECT_FILES) {
    await rm(join(repo.workTree, path), { recursive: true, force: true });
    const inBase = await repo.git.text(['ls-tree', '--name-only', baseSha, '--', path], { cwd: repo.gitDir });
    if (inBase !== '')
      await repo.git.run(['checkout', baseSha, '--', path], { cwd: repo.gitDir, timeoutMs: 60_000 });
  }
}

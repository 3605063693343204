import type { TokenIdentity } from './state.js';
import { type GitHubState, isoNow, type PullRequest, type RepoRecord } from './state.js';

/**
 * What decides whether a PR may merge on GitHub: the repository's merge settings, branch
 * protection (required approving reviews, required checks, up to date with the base), the merge
 * queue, auto-merge requests, and GitHub's lazily computed mergeability. Kept beside the repository
 * record so the rest of the stand-in is untouched by it.
 */
export type MergeMethod = 'MERGE' | 'SQUASH' | 'REBASE';
export type MergeStateStatus = 'DIRTY' | 'UNKNOWN' | 'BLOCKED' | 'BEHIND' | 'DRAFT' | 'UNSTABLE' | 'CLEAN';
export type ReviewDecision = 'CHANGES_REQUESTED' | 'APPROVED' | 'REVIEW_REQUIRED' | null;

export interface Protection {
  requiredApprovingReviews: number;
  /** Check names that must have completed successfully on the head. */
  requiredChecks: string[];
  /** "Require branches to be up to date before merging". */
  strict: boolean;
}

export interface MergeWorld {
  settings: {
    allowAutoMerge: boolean;
    allowSquash: boolean;
    allowMergeCommit: boolean;
    allowRebase: boolean;
  };
  protection: Map<string, Protection>;
  /** Branches with a merge queue. */
  queues: Set<string>;
  autoMerge: Map<number, { method: MergeMethod; enabledBy: string; enabledAt: string }>;
  queued: Map<number, { enqueuedAt: string; by: string }>;
  /** `head:base` pairs whose mergeability GitHub has computed (the first read answers UNKNOWN). */
  computed: Set<string>;
  /** Reads of a fresh pair answer UNKNOWN this many times first (GitHub computes it in the background). */
  unknownReads: number;
}

const worlds = new WeakMap<RepoRecord, MergeWorld>();

export function mergeWorld(repo: RepoRecord): MergeWorld {
  let world = worlds.get(repo);
  if (!world) {
    world = {
      settings: { allowAutoMerge: false, allowSquash: true, allowMergeCommit: true, allowRebase: true },
      protection: new Map(),
      queues: new Set(),
      autoMerge: new Map(),
      queued: new Map(),
      computed: new Set(),
      unknownReads: 1,
    };
    worlds.set(repo, world);
  }
  return world;
}

const headOf = (repo: RepoRecord, pr: PullRequest) =>
  pr.state === 'open' && !pr.fromFork ? (repo.store.branch(pr.head.ref) ?? pr.head.sha) : pr.head.sha;

/** Latest review per reviewer on the PR, as GitHub counts them for the review decision. */
export function reviewDecision(repo: RepoRecord, pr: PullRequest): ReviewDecision {
  const latest = new Map<string, string>();
  for (const r of repo.reviews.filter((r) => r.pullNumber === pr.number && r.state !== 'PENDING')) {
    if (r.state === 'COMMENTED') continue;
    latest.set(r.user.toLowerCase(), r.state);
  }
  const states = [...latest.values()];
  if (states.includes('CHANGES_REQUESTED')) return 'CHANGES_REQUESTED';
  const required = mergeWorld(repo).protection.get(pr.base.ref)?.requiredApprovingReviews ?? 0;
  if (required === 0) return null;
  return states.filter((s) => s === 'APPROVED').length >= required ? 'APPROVED' : 'REVIEW_REQUIRED';
}

/** GitHub's mergeStateStatus; `observe` marks the pair computed (a read by a client). */
export function mergeStateStatus(
  state: GitHubState,
  repo: RepoRecord,
  pr: PullRequest,
  options: { observe?: boolean } = {},
): MergeStateStatus {
  const world = mergeWorld(repo);
  const head = headOf(repo, pr);
  const base = repo.store.branch(pr.base.ref) ?? pr.base.sha;
  const pair = `${head}:${base}`;
  if (!world.computed.has(pair)) {
    if (options.observe) {
      const reads = (readsOf.get(world)?.get(pair) ?? 0) + 1;
      const map = readsOf.get(world) ?? new Map<string, number>();
      map.set(pair, reads);
      readsOf.set(world, map);
      if (reads > world.unknownReads) world.computed.add(pair);
      else return 'UNKNOWN';
    } else return 'UNKNOWN';
  }
  return computeStatus(state, repo, pr, head, base);
}

const readsOf = new WeakMap<MergeWorld, Map<string, number>>();

function computeStatus(
  state: GitHubState,
  repo: RepoRecord,
  pr: PullRequest,
  head: string,
  base: string,
): MergeStateStatus {
  if (pr.draft) return 'DRAFT';
  if ('conflicts' in repo.store.merge(base, head, 'probe')) return 'DIRTY';
  const protection = mergeWorld(repo).protection.get(pr.base.ref);
  const runs = state.checkRuns(repo.owner, repo.name, head);
  const decision = reviewDecision(repo, pr);
  if (decision === 'CHANGES_REQUESTED' || decision === 'REVIEW_REQUIRED') return 'BLOCKED';
  for (const name of protection?.requiredChecks ?? []) {
    const run = runs.filter((r) => r.name === name).at(-1);
    if (run?.status !== 'completed' || !['success', 'neutral', 'skipped'].includes(run.conclusion ?? ''))
      return 'BLOCKED';
  }
  if (protection?.strict && !repo.store.isAncestor(base, head)) return 'BEHIND';
  // Non-required checks failing or still running: mergeable, but not clean.
  const unfinished = (r: (typeof runs)[number]) =>
    r.status !== 'completed' ||
    ['failure', 'timed_out', 'cancelled', 'action_required'].includes(r.conclusion ?? '');
  if (runs.some(unfinished)) return 'UNSTABLE';
  return 'CLEAN';
}

/** Merges the PR into its base with `method`; GitHub's refusal message when it cannot. */
export function mergePullRequest(
  _state: GitHubState,
  repo: RepoRecord,
  pr: PullRequest,
  method: MergeMethod,
  by: string,
): { ok: true; sha: string } | { ok: false; message: string } {
  if (pr.state !== 'open') return { ok: false, message: 'Pull request is not open' };
  const base = repo.store.branch(pr.base.ref);
  const head = headOf(repo, pr);
  if (!base) return { ok: false, message: `Base branch ${pr.base.ref} does not exist` };
  const result = repo.store.merge(base, head, `${pr.title} (#${pr.number})`, { squash: method !== 'MERGE' });
  if ('conflicts' in result) return { ok: false, message: 'Pull request is not mergeable: merge conflict' };
  repo.store.setBranch(pr.base.ref, result.sha);
  const now = isoNow();
  Object.assign(pr, { state: 'closed', merged: true, merged_at: now, closed_at: now, updated_at: now });
  pr.head.sha = head;
  const world = mergeWorld(repo);
  world.autoMerge.delete(pr.number);
  world.queued.delete(pr.number);
  mergedBy.set(pr, by);
  return { ok: true, sha: result.sha };
}

export const mergedBy = new WeakMap<PullRequest, string>();

/** Merges the base into the PR's head (PUT update-branch); the conflicting paths when it cannot. */
export function updateBranch(
  state: GitHubState,
  repo: RepoRecord,
  pr: PullRequest,
  identity: TokenIdentity,
): { ok: true; sha: string } | { ok: false; message: string } {
  const base = repo.store.branch(pr.base.ref);
  const head = headOf(repo, pr);
  if (!base) return { ok: false, message: `Base branch ${pr.base.ref} does not exist` };
  if (repo.store.isAncestor(base, head)) return { ok: true, sha: head };
  const result = repo.store.merge(head, base, `Merge branch '${pr.base.ref}' into ${pr.head.ref}`);
  if ('conflicts' in result) return { ok: false, message: 'merge conflict between base and head' };
  repo.store.setBranch(pr.head.ref, result.sha);
  pr.updated_at = isoNow();
  // A push by GITHUB_TOKEN starts no workflow (contracts): CI answers only other tokens' pushes.
  if (state.ci && identity.app?.slug !== 'github-actions') {
    state.addCheckSuite(repo.owner, repo.name, result.sha, {
      headBranch: pr.head.ref,
      checkRuns: [
        { name: state.ci.name ?? 'test', conclusion: state.ci.conclusion(pr), summary: 'stand-in CI' },
      ],
    });
  }
  return { ok: true, sha: result.sha };
}

/**
 * What GitHub does in the background: a PR with auto-merge, or in the merge queue, merges once it
 * is clean. Runs before every request, so whoever looks next sees the outcome.
 */
export function settleMerges(state: GitHubState, repo: RepoRecord): void {
  const world = mergeWorld(repo);
  for (const number of [...world.autoMerge.keys(), ...world.queued.keys()]) {
    const pr = repo.pulls.find((p) => p.number === number);
    if (pr?.state !== 'open') continue;
    const head = headOf(repo, pr);
    const base = repo.store.branch(pr.base.ref) ?? pr.base.sha;
    if (computeStatus(state, repo, pr, head, base) !== 'CLEAN') continue;
    const auto = world.autoMerge.get(number);
    const method = auto?.method ?? 'MERGE';
    mergePullRequest(state, repo, pr, method, auto?.enabledBy ?? world.queued.get(number)?.by ?? repo.owner);
  }
}

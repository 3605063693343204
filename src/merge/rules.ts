import type { MergePolicy } from '../config/schema.js';
import type { TaskRecord } from '../ledger/index.js';
import type { MergeMethod, PullMergeView, RepositoryMergeSettings } from './gateway.js';

/** What the validation check says about the PR's current head (read from the check run itself). */
export type HeadValidation = 'passed' | 'failed' | 'missing';

/** What to do with one task's PR now, and why, in words a person reads in the report. */
export type MergeDecision =
  | { kind: 'merged' }
  | { kind: 'closed'; reason: string }
  | { kind: 'hold'; reason: string }
  | { kind: 'waiting'; state: 'auto_merge' | 'queued'; reason: string }
  | { kind: 'retarget'; base: string; reason: string }
  | { kind: 'update'; reason: string }
  | { kind: 'revalidate'; reason: string }
  | { kind: 'conflict'; reason: string }
  | { kind: 'merge-now'; method: MergeMethod }
  | { kind: 'auto-merge'; method: MergeMethod; reason: string }
  | { kind: 'enqueue' };

export interface MergeSituation {
  policy: Exclude<MergePolicy, 'off'>;
  /** The method from config, when set. */
  method?: 'squash' | 'merge' | 'rebase';
  baseBranch: string;
  settings: RepositoryMergeSettings;
  task: TaskRecord;
  pull: PullMergeView;
  validation: HeadValidation;
  /** The task's prerequisites, with their records (undefined: not in the ledger). */
  prerequisites: { id: string; record: TaskRecord | undefined }[];
}

const short = (sha: string | undefined) => (sha ? sha.slice(0, 7) : 'unknown');

/** The merge method: the configured one when the repository allows it, else the first it allows. */
export function chooseMethod(
  settings: RepositoryMergeSettings,
  wanted?: 'squash' | 'merge' | 'rebase',
): MergeMethod | { refused: string } {
  const allowed: Record<MergeMethod, boolean> = {
    SQUASH: settings.squashMergeAllowed,
    MERGE: settings.mergeCommitAllowed,
    REBASE: settings.rebaseMergeAllowed,
  };
  if (wanted) {
    const method = wanted.toUpperCase() as MergeMethod;
    return allowed[method]
      ? method
      : { refused: `merge.method is ${wanted}, which the repository does not allow; pick one it allows` };
  }
  const first = (['SQUASH', 'MERGE', 'REBASE'] as const).find((m) => allowed[m]);
  return first ?? { refused: 'the repository allows no merge method' };
}

/**
 * The safety rules, in order: a PR merges only when its validation is green on its current head,
 * it is not a draft, nobody asked for changes, every prerequisite merged first, it targets the base
 * branch, and GitHub itself says it may merge. The first rule that holds it back is the reason.
 */
export function decideMerge(s: MergeSituation): MergeDecision {
  const { pull, task } = s;
  const pr = `PR #${pull.number}`;
  if (pull.state === 'MERGED') return { kind: 'merged' };
  if (pull.state === 'CLOSED') return { kind: 'closed', reason: `${pr} was closed without merging` };
  if (task.state !== 'succeeded')
    return { kind: 'hold', reason: `validation is not green (the task is ${task.state})` };
  if (pull.isDraft) return { kind: 'hold', reason: `${pr} is a draft; a person marked it so` };
  if (pull.reviewDecision === 'CHANGES_REQUESTED')
    return { kind: 'hold', reason: `changes were requested on ${pr}` };
  const waiting = s.prerequisites.filter((p) => p.record?.merged !== true);
  if (waiting.length > 0)
    return {
      kind: 'hold',
      reason: `waits for ${waiting.map((p) => p.id).join(', ')} to merge first (dependency order)`,
    };
  if (pull.baseRefName !== s.baseBranch)
    return {
      kind: 'retarget',
      base: s.baseBranch,
      reason: `${pr} targets ${pull.baseRefName}; its prerequisites merged, so it moves to ${s.baseBranch}`,
    };
  if (s.validation === 'failed')
    return { kind: 'hold', reason: `the Cyrus validation of ${short(pull.headRefOid)} did not pass` };
  if (s.validation === 'missing') {
    const validated = task.checks?.headSha;
    return {
      kind: 'revalidate',
      reason:
        validated && validated !== pull.headRefOid
          ? `the head moved after validation (validated ${short(validated)}, head now ${short(pull.headRefOid)}); it must be validated again`
          : `${short(pull.headRefOid)} has no passing Cyrus validation yet; it must be validated first`,
    };
  }
  if (pull.autoMergeRequest)
    return { kind: 'waiting', state: 'auto_merge', reason: `auto-merge is on; ${blockedBy(pull)}` };
  if (pull.isInMergeQueue) return { kind: 'waiting', state: 'queued', reason: `${pr} is in the merge queue` };
  return byMergeState(s);
}

function blockedBy(pull: PullMergeView): string {
  if (pull.reviewDecision === 'REVIEW_REQUIRED')
    return 'GitHub merges it once a person gives the approving review branch protection requires (the action cannot approve its own PRs)';
  return 'GitHub merges it once the required checks pass';
}

function byMergeState(s: MergeSituation): MergeDecision {
  const { pull, settings } = s;
  const pr = `PR #${pull.number}`;
  switch (pull.mergeStateStatus) {
    case 'DIRTY':
      return { kind: 'conflict', reason: `${pr} conflicts with ${s.baseBranch}` };
    case 'BEHIND':
      return {
        kind: 'update',
        reason: `${pr} is behind ${s.baseBranch}, which branch protection requires it to include`,
      };
    case 'UNKNOWN':
      return {
        kind: 'hold',
        reason: `GitHub has not computed whether ${pr} can merge yet; the next event retries`,
      };
    case 'DRAFT':
      return { kind: 'hold', reason: `${pr} is a draft` };
    case 'UNSTABLE':
      return { kind: 'hold', reason: `a check on ${pr} is failing or unfinished; it does not merge past it` };
    default:
      break;
  }
  const method = chooseMethod(settings, s.method);
  if (typeof method !== 'string') return { kind: 'hold', reason: method.refused };
  if (s.policy === 'queue') {
    if (!settings.mergeQueue)
      return {
        kind: 'hold',
        reason: `merge is "queue" but ${s.baseBranch} has no merge queue; add one in a ruleset, or use merge: auto`,
      };
    if (pull.reviewDecision === 'REVIEW_REQUIRED')
      return {
        kind: 'hold',
        reason: `${pr} needs the approving review branch protection requires before it can join the queue`,
      };
    return { kind: 'enqueue' };
  }
  if (pull.mergeStateStatus === 'BLOCKED') {
    if (!settings.autoMergeAllowed)
      return {
        kind: 'hold',
        reason: `branch protection blocks ${pr} (${pull.reviewDecision === 'REVIEW_REQUIRED' ? 'it needs an approving review the action cannot give' : 'required checks'}) and auto-merge is off in the repository settings`,
      };
    return { kind: 'auto-merge', method, reason: blockedBy(pull) };
  }
  // CLEAN (or HAS_HOOKS): GitHub refuses auto-merge on a PR that can merge now, so merge it.
  return { kind: 'merge-now', method };
}

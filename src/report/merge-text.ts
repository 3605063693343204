import type { IssueRecord, TaskMerge } from '../ledger/records.js';
import { escapeMarkdown, oneLine, truncate } from './markdown.js';
import type { TaskView } from './task-view.js';

export const MERGE_BADGE: Record<TaskMerge['state'], string> = {
  merged: '🔀 merged',
  auto_merge: '⏳ auto-merge on',
  queued: '⏳ in the merge queue',
  revalidating: '🔁 validating again',
  held: '✋ merge held',
  conflict: '⚔️ conflict',
  closed: '🚫 closed unmerged',
};

/** `🔀 merged`, or the hold and its reason, for a task's line. */
export function mergeText(view: TaskView): string | undefined {
  return view.merge ? MERGE_BADGE[view.merge.state] : undefined;
}

/** Why a task's PR has not merged yet, in the note under its line. */
export function mergeNote(view: TaskView, max: number): string | undefined {
  const merge = view.merge;
  if (!merge || merge.state === 'merged') return undefined;
  return escapeMarkdown(truncate(oneLine(`merge: ${merge.reason}`), max));
}

/** `Merged: 2 of 3 PRs` and, once the loop is closed, what it came to. */
export function mergeTotals(views: readonly TaskView[], record: Pick<IssueRecord, 'landing'>): string[] {
  const withMerge = views.filter((v) => v.merge);
  if (withMerge.length === 0) return [];
  const merged = withMerge.filter((v) => v.merge?.state === 'merged').length;
  const prs = views.filter((v) => v.pullRequest).length;
  const lines = [`**Merged:** ${merged} of ${prs} PR${prs === 1 ? '' : 's'}`];
  if (record.landing)
    lines.push(`**Outcome:** ${escapeMarkdown(truncate(oneLine(record.landing.reason), 300))}`);
  return lines;
}

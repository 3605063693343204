import {
  checksText,
  executorText,
  pullRequestText,
  runTimeText,
  stateCountsText,
  taskActionText,
  taskName,
  taskNoteText,
} from './describe.js';
import { formatCost, formatDuration, formatTimestamp } from './format.js';
import { LIMITS, truncateToBytes } from './limits.js';
import { escapeMarkdown, link, oneLine, truncate } from './markdown.js';
import { mergeNote, mergeText, mergeTotals } from './merge-text.js';
import type { WorkReport } from './model.js';
import { ISSUE_STATUS_BADGE, taskStateText } from './status.js';
import { reportNowMs, type TaskView, taskViews, workTotals } from './task-view.js';

/** First line of every tracking comment: how the action finds its own comment to edit in place. */
export const TRACKING_MARKER = '<!-- cyrus:tracking -->';

export interface TrackingCommentInput {
  work: WorkReport;
  /** The time of this update (ISO); shown, and the end of attempts still running. */
  now: string;
  runUrl?: string;
}

/** Linear's comment on the issue (what people see): compact, since it is often read on a phone. */
export function renderTrackingComment(input: TrackingCommentInput): string {
  return renderTracking(input, []);
}

/** The same tracking content on a GitHub issue that has no Linear twin. */
export function renderGitHubIssueComment(input: TrackingCommentInput): string {
  return renderTracking(input, [
    '_No Linear issue is linked to this GitHub issue, so progress is tracked in this comment._',
    '',
  ]);
}

function renderTracking(input: TrackingCommentInput, preamble: string[]): string {
  const work: WorkReport = { ...input.work, now: input.work.now ?? input.now };
  const { record } = work;
  const views = taskViews(work);
  const head = [`**Cyrus** · ${ISSUE_STATUS_BADGE[record.status]}`];
  if (record.strategy) head.push(`strategy \`${oneLine(record.strategy).replace(/`/g, "'")}\``);
  if (work.dryRun) head.push('dry run');
  const lines = [TRACKING_MARKER, head.join(' · '), '', ...preamble];
  if (record.plan) lines.push(`Plan: ${escapeMarkdown(truncate(oneLine(record.plan.summary), 200))}`, '');

  if (views.length === 0) lines.push('_Planning…_', '');
  else lines.push(...views.flatMap(checklistItem), '');

  if (views.length > 0) {
    const totals = workTotals(views, reportNowMs(work));
    const total = [stateCountsText(totals), formatCost(totals.cost)];
    if (totals.wallMs !== undefined) total.push(formatDuration(totals.wallMs));
    lines.push(`**Total:** ${total.join(' · ')}`);
    lines.push(...mergeTotals(views, record));
    if (totals.cost.hasEstimated) lines.push('_~ marks an estimate, not a reported cost._');
    lines.push('');
  }
  const footer = [`updated ${escapeMarkdown(formatTimestamp(input.now))}`];
  if (input.runUrl) footer.unshift(link('Workflow run', input.runUrl));
  lines.push(footer.join(' · '));
  return truncateToBytes(lines.join('\n'), LIMITS.comment);
}

/** `- [x] **t1** Title · ✅ succeeded · claude-code · #12 · checks ✅ passing · $0.42 · 12m 05s`. */
function checklistItem(view: TaskView): string[] {
  const parts = [taskName(view, 60), taskStateText(view.state)];
  if (view.executor) parts.push(executorText(view));
  if (view.pullRequest) parts.push(pullRequestText(view));
  if (view.checks) parts.push(`checks ${checksText(view)}`);
  const merge = mergeText(view);
  if (merge) parts.push(merge);
  if (view.cost.hasReported || view.cost.hasEstimated) parts.push(formatCost(view.cost));
  if (view.attempts.length > 0) parts.push(runTimeText(view));
  const item = [`- [${view.state === 'succeeded' ? 'x' : ' '}] ${parts.join(' · ')}`];
  const note = taskNoteText(view, 120);
  if (note) item.push(`  - ${note}`);
  const why = mergeNote(view, 200);
  if (why) item.push(`  - ${why}`);
  const action = taskActionText(view);
  if (action) item.push(`  - ${action}`);
  return item;
}

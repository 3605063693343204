import { type CostParts, formatDuration, formatUsd } from './format.js';
import { escapeMarkdown, link, oneLine, truncate } from './markdown.js';
import { CHECKS_BADGE, TASK_STATE_EMOJI, TASK_STATE_LABEL, TASK_STATES } from './status.js';
import type { AttemptEvent, TaskView, WorkTotals } from './task-view.js';

/** Short markdown phrases about tasks, shared by the job summary and the tracking comments. */

/** The executor, and the one it fell back from. */
export function executorText(view: TaskView): string {
  if (!view.executor) return '—';
  const name = escapeMarkdown(view.executor);
  return view.fallbackFrom ? `${name} (fallback from ${escapeMarkdown(view.fallbackFrom)})` : name;
}

export function pullRequestText(view: TaskView): string {
  if (view.pullRequest) return link(`#${view.pullRequest.number}`, view.pullRequest.url);
  return view.action?.link ? link(view.action.link.label, view.action.link.url) : '—';
}

/** `What to do: ... · [label](url)`: never cut short, since it is the one thing a person must read. */
export function taskActionText(view: TaskView): string | undefined {
  if (!view.action) return undefined;
  const text = `What to do: ${escapeMarkdown(oneLine(view.action.text))}`;
  return view.action.link ? `${text} · ${link(view.action.link.label, view.action.link.url)}` : text;
}

export function checksText(view: TaskView): string {
  return view.checks ? CHECKS_BADGE[view.checks.state] : '—';
}

export function runTimeText(view: TaskView): string {
  return view.attempts.length > 0 ? formatDuration(view.runMs) : '—';
}

/** `**t1** Auth API endpoints`, escaped and cut to a readable length. */
export function taskName(view: TaskView, maxTitle = 80): string {
  return `**${escapeMarkdown(view.id)}** ${escapeMarkdown(truncate(oneLine(view.title), maxTitle))}`;
}

/** `3 tasks: ✅ 1 succeeded, ❌ 1 failed, ⏸️ 1 held`, states in a fixed order. */
export function stateCountsText(totals: WorkTotals): string {
  const counts = TASK_STATES.filter((s) => totals.byState[s] > 0).map(
    (s) => `${TASK_STATE_EMOJI[s]} ${totals.byState[s]} ${TASK_STATE_LABEL[s]}`,
  );
  const noun = totals.tasks === 1 ? 'task' : 'tasks';
  return counts.length > 0 ? `${totals.tasks} ${noun}: ${counts.join(', ')}` : `${totals.tasks} ${noun}`;
}

/** Reported and estimated money side by side, the estimate marked, and the sum when both exist. */
export function totalCostText(cost: CostParts): string {
  if (!cost.hasReported && !cost.hasEstimated) return 'no cost recorded';
  const parts: string[] = [];
  if (cost.hasReported) parts.push(`${formatUsd(cost.reportedUsd)} reported`);
  if (cost.hasEstimated) parts.push(`${formatUsd(cost.estimatedUsd, true)} estimated`);
  const sum =
    cost.hasReported && cost.hasEstimated
      ? ` = ${formatUsd(cost.reportedUsd + cost.estimatedUsd, true)}`
      : '';
  return `${parts.join(' + ')}${sum}`;
}

/** The footnote every estimate carries. */
export const ESTIMATE_NOTE =
  '`~` marks an estimate, not a reported cost (an executor that reports none is priced from configuration)';

/** `t1: fell back from codegen to claude-code after quota_exhausted (Codegen quota used up)`. */
export function attemptEventText(event: AttemptEvent, maxMessage = 160): string {
  const { attempt, previous } = event;
  const cause = previous?.failure;
  const why = cause
    ? ` after ${escapeMarkdown(cause.kind)} (${escapeMarkdown(truncate(oneLine(cause.message), maxMessage))})`
    : '';
  const what =
    event.kind === 'fallback'
      ? `fell back from ${escapeMarkdown(attempt.fallbackFrom ?? '?')} to ${escapeMarkdown(attempt.executor)}`
      : `retried on ${escapeMarkdown(attempt.executor)} (attempt ${attempt.number})`;
  return `**${escapeMarkdown(event.taskId)}**: ${what}${why}`;
}

/** Why a task waits or stopped: its note, else its last failure. */
export function taskNoteText(view: TaskView, maxMessage = 160): string | undefined {
  if (view.note) return escapeMarkdown(truncate(oneLine(view.note), maxMessage));
  if (view.failure && view.state === 'failed') {
    return `${escapeMarkdown(view.failure.kind)}: ${escapeMarkdown(truncate(oneLine(view.failure.message), maxMessage))}`;
  }
  return undefined;
}

import type { AttemptRecord } from '../ledger/records.js';
import { ganttAxis } from './gantt-axis.js';
import { truncate } from './markdown.js';
import { ganttText } from './mermaid.js';
import { attemptInterval, type TaskView } from './task-view.js';

/** The bar tag per attempt status: done, active (still running) or crit (ended badly). */
function barTag(status: AttemptRecord['status']): string {
  switch (status) {
    case 'succeeded':
      return 'done, ';
    case 'failed':
    case 'cancelled':
    case 'timed_out':
      return 'crit, ';
    case 'dispatching':
    case 'queued':
    case 'running':
    case 'paused':
      return 'active, ';
  }
}

/** Mermaid draws a zero-length bar as nothing; a second is the shortest bar worth seeing. */
const MIN_BAR_MS = 1_000;

/**
 * A mermaid gantt of when each attempt ran, one section per task, in epoch milliseconds (`x`) so
 * no time zone is guessed. Tasks that never started are left out; undefined when none started.
 */
export function renderRunGantt(views: readonly TaskView[], nowMs: number): string | undefined {
  const body: string[] = [];
  let bars = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let longestSection = 0;
  for (const view of views) {
    const rows: string[] = [];
    for (const attempt of view.attempts) {
      const interval = attemptInterval(attempt, nowMs);
      if (!interval) continue;
      const end = Math.max(interval.endMs, interval.startMs + MIN_BAR_MS);
      first = Math.min(first, interval.startMs);
      last = Math.max(last, end);
      // A bar name starts with a fixed word, so no text can read as a gantt keyword (`section`, `title`).
      const name = ganttText(`Attempt ${attempt.number} ${attempt.executor}`) || 'Attempt';
      rows.push(`    ${truncate(name, 40)} :${barTag(attempt.status)}${interval.startMs}, ${end}`);
    }
    if (rows.length === 0) continue;
    const section = truncate(ganttText(`${view.id} ${view.title}`), SECTION_CHARS) || 'task';
    longestSection = Math.max(longestSection, Array.from(section).length);
    body.push(`  section ${section}`, ...rows);
    bars += rows.length;
  }
  if (bars === 0) return undefined;
  const axis = ganttAxis(last - first);
  // Section titles are drawn in the left margin; one wide enough for the longest keeps them off the bars.
  const leftPadding = Math.ceil(Math.max(75, longestSection * SECTION_CHAR_PX + 24));
  return [
    // Front-matter config (not a `%%{init}%%` directive: no `%%` line is ever written).
    '---',
    'config:',
    '  gantt:',
    `    leftPadding: ${leftPadding}`,
    '---',
    'gantt',
    '  dateFormat x',
    `  axisFormat ${axis.axisFormat}`,
    `  tickInterval ${axis.tickInterval}`,
    '  todayMarker off',
    ...body,
  ].join('\n');
}

/** Longest section title, and the width mermaid's 11px section font needs per character, at most. */
const SECTION_CHARS = 32;
const SECTION_CHAR_PX = 7;

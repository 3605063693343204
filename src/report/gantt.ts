import type { AttemptRecord } from '../ledger/records.js';
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
  const lines = ['gantt', '  dateFormat x', '  axisFormat %H:%M', '  todayMarker off'];
  let bars = 0;
  for (const view of views) {
    const rows: string[] = [];
    for (const attempt of view.attempts) {
      const interval = attemptInterval(attempt, nowMs);
      if (!interval) continue;
      const end = Math.max(interval.endMs, interval.startMs + MIN_BAR_MS);
      // A bar name starts with a fixed word, so no text can read as a gantt keyword (`section`, `title`).
      const name = ganttText(`Attempt ${attempt.number} ${attempt.executor}`) || 'Attempt';
      rows.push(`    ${truncate(name, 40)} :${barTag(attempt.status)}${interval.startMs}, ${end}`);
    }
    if (rows.length === 0) continue;
    const section = truncate(ganttText(`${view.id} ${view.title}`), 50) || 'task';
    lines.push(`  section ${section}`, ...rows);
    bars += rows.length;
  }
  return bars > 0 ? lines.join('\n') : undefined;
}

import type { ExecutionTrace } from '../domain/index.js';
import { formatDuration, formatUsd } from './format.js';
import { escapeMarkdown, link, table } from './markdown.js';
import type { TaskView } from './task-view.js';

/** Tools shown per row; the rest are counted as "+N more". */
const TOOLS_SHOWN = 6;
/** Rows at most, so a long run of retries cannot crowd out the rest of the summary. */
const MAX_ROWS = 50;

/** `Edit ×4, Bash ×2, +3 more`: most used first, ties by name, so the same trace reads the same. */
export function toolsText(tools: ExecutionTrace['tools'], shown = TOOLS_SHOWN): string {
  const sorted = Object.entries(tools).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  if (sorted.length === 0) return '—';
  const head = sorted.slice(0, shown).map(([name, n]) => `${escapeMarkdown(name)} ×${n}`);
  const rest = sorted.length - shown;
  return [...head, ...(rest > 0 ? [`+${rest} more`] : [])].join(', ');
}

/**
 * The job summary's "Traces" section: one row per attempt that kept a trace (tools used, turns,
 * time, cost, the run's link). Empty when no attempt did (tracing off). Pure.
 */
export function renderTraces(views: readonly TaskView[]): string[] {
  const rows = views.flatMap((view) =>
    view.attempts.flatMap((attempt) => {
      const trace = attempt.trace;
      if (!trace) return [];
      const cut = trace.truncated ? ' (cut off)' : '';
      return [
        [
          `**${escapeMarkdown(view.id)}** #${attempt.number}`,
          escapeMarkdown(attempt.executor),
          `${toolsText(trace.tools)}${cut}`,
          String(trace.toolCalls),
          String(trace.turns),
          formatDuration(trace.durationMs),
          trace.costUsd === undefined ? '—' : formatUsd(trace.costUsd),
          trace.url ? link('run', trace.url) : '—',
        ],
      ];
    }),
  );
  if (rows.length === 0) return [];
  const shown = rows.slice(0, MAX_ROWS);
  return [
    '### Traces',
    '',
    table(['Attempt', 'Executor', 'Tools used', 'Tool calls', 'Turns', 'Time', 'Cost', 'Run'], shown),
    ...(rows.length > shown.length ? ['', `_${rows.length - shown.length} more attempt(s) not shown._`] : []),
    '',
  ];
}

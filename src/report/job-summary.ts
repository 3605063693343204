import {
  attemptEventText,
  checksText,
  ESTIMATE_NOTE,
  executorText,
  pullRequestText,
  runTimeText,
  stateCountsText,
  taskActionText,
  taskName,
  taskNoteText,
  totalCostText,
} from './describe.js';
import { renderPlanFlowchart } from './flowchart.js';
import { formatCost, formatDuration } from './format.js';
import { renderRunGantt } from './gantt.js';
import { LIMITS, truncateToBytes } from './limits.js';
import { codeBlock, escapeMarkdown, escapeWithCode, link, oneLine, table, truncate } from './markdown.js';
import { mergeNote, mergeText, mergeTotals } from './merge-text.js';
import type { JobReport, WorkReport } from './model.js';
import { RUN_STATUS_BADGE, taskStateText } from './status.js';
import { attemptEvents, reportNowMs, taskViews, workTotals } from './task-view.js';
import { renderTraces } from './traces.js';

/** The GitHub job summary, as markdown. Pure: same report, same text. */
export function renderJobSummary(report: JobReport): string {
  const lines: string[] = ['## codegen-action', ''];
  lines.push(`**Status:** ${RUN_STATUS_BADGE[report.status]}${issueText(report)}`, '');
  lines.push('### Trigger', '');
  lines.push(`- Event: \`${escapeCode(report.trigger.event)}\``);
  if (report.trigger.mode) lines.push(`- Mode: \`${escapeCode(report.trigger.mode)}\``);
  lines.push(`- Decision: ${escapeMarkdown(report.trigger.decision)}`);
  if (report.strategy)
    lines.push(
      `- Strategy: \`${escapeCode(report.strategy.name)}\` (${escapeWithCode(report.strategy.reason)})`,
    );
  lines.push('');
  if (report.error) lines.push('### Error', '', codeBlock(report.error, 'text'), '');
  if (report.work) lines.push(...workSections(report.work));
  if (report.decisions.length > 0) {
    lines.push('### Decisions', '', ...report.decisions.map((d) => `- ${escapeWithCode(d)}`), '');
  }
  if (report.githubRequests) lines.push(...requestLines(report.githubRequests));
  if (report.runUrl) lines.push(link('Workflow run', report.runUrl), '');
  return truncateToBytes(lines.join('\n'), LIMITS.jobSummary);
}

function requestLines(r: NonNullable<JobReport['githubRequests']>): string[] {
  return [
    '### API budget',
    '',
    `- GitHub: ${r.rest} REST request(s) (${r.reads} read(s), ${r.rest - r.reads} write(s), of them ${r.contentWrites} commit(s)); ${r.notModified} more answered 304 Not Modified, which are free`,
    '',
  ];
}

function issueText(report: JobReport): string {
  const issue = report.issue ?? report.work?.record.issue;
  if (!issue) return '';
  const title = issue.title ? ` ${escapeMarkdown(truncate(oneLine(issue.title), 120))}` : '';
  return ` · ${link(issue.identifier, issue.url)}${title}`;
}

/** Inline code cannot hold a backtick; names that land there are ours, but keep them one line anyway. */
function escapeCode(text: string): string {
  return oneLine(text).replace(/`/g, "'");
}

function workSections(work: WorkReport): string[] {
  const views = taskViews(work);
  const nowMs = reportNowMs(work);
  const lines: string[] = ['### Plan', ''];
  const plan = work.record.plan;
  if (plan) lines.push(`**${escapeMarkdown(truncate(oneLine(plan.summary), 300))}**`, '');
  if (work.dryRun)
    lines.push('_Dry run: nothing was dispatched and nothing was written; costs are estimates._', '');
  if (views.length === 0) {
    lines.push('_No tasks yet._', '');
    return lines;
  }
  lines.push('```mermaid', renderPlanFlowchart(views), '```', '');

  lines.push('### Timeline', '');
  const gantt = renderRunGantt(views, nowMs);
  lines.push(...(gantt ? ['```mermaid', gantt, '```'] : ['_No task has started yet._']), '');

  lines.push('### Tasks', '');
  lines.push(
    table(
      ['Task', 'Executor', 'Status', 'PR', 'Checks', 'Time', 'Cost'],
      views.map((v) => [
        taskName(v),
        executorText(v),
        [taskStateText(v.state), mergeText(v)].filter(Boolean).join(' · '),
        pullRequestText(v),
        checksText(v),
        runTimeText(v),
        formatCost(v.cost),
      ]),
    ),
    '',
  );

  const totals = workTotals(views, nowMs);
  lines.push('### Totals', '');
  lines.push(`- ${stateCountsText(totals)}`);
  lines.push(`- Cost: ${totalCostText(totals.cost)}`);
  if (totals.wallMs !== undefined) lines.push(`- Wall time: ${formatDuration(totals.wallMs)}`);
  if (totals.cost.hasEstimated) lines.push(`- ${ESTIMATE_NOTE}`);
  lines.push(...mergeTotals(views, work.record).map((l) => `- ${l}`));
  const held = views.flatMap((v) => {
    const note = mergeNote(v, 200);
    return note ? [`- ${taskName(v)}: ${note}`] : [];
  });
  lines.push('');
  if (held.length > 0) lines.push('### Merging', '', ...held, '');

  lines.push(...renderTraces(views));

  const events = attemptEvents(views);
  if (events.length > 0) {
    lines.push('### Fallbacks and retries', '', ...events.map((e) => `- ${attemptEventText(e)}`), '');
  }

  const notes = views.flatMap((v) => {
    const note = taskNoteText(v);
    const action = taskActionText(v);
    const head = `- **${escapeMarkdown(v.id)}** ${taskStateText(v.state)}`;
    return [
      ...(note ? [`${head}: ${note}`] : []),
      ...(action ? [note ? `  - ${action}` : `${head}: ${action}`] : []),
    ];
  });
  if (notes.length > 0) lines.push('### Notes', '', ...notes, '');

  const reasons = views.flatMap((v) =>
    v.executor && v.executorReason
      ? [
          `- **${escapeMarkdown(v.id)}** → ${escapeMarkdown(v.executor)}: ${escapeMarkdown(truncate(oneLine(v.executorReason), 200))}`,
        ]
      : [],
  );
  if (reasons.length > 0) {
    lines.push('<details><summary>Why each executor</summary>', '', ...reasons, '', '</details>', '');
  }
  return lines;
}

import { escapeMarkdown } from './markdown.js';
import type { JobReport, RunStatus } from './model.js';

const STATUS_BADGE: Record<RunStatus, string> = {
  success: '✅ success',
  failure: '❌ failure',
  partial: '⚠️ partial',
  pending: '⏳ pending',
  skipped: '⏭️ skipped',
};

/** The GitHub job summary, as markdown. Pure: same report, same text. */
export function renderJobSummary(report: JobReport): string {
  const lines: string[] = ['## codegen-action', ''];
  const issue = report.issue
    ? ` · ${report.issue.url ? `[${escapeMarkdown(report.issue.identifier)}](${report.issue.url})` : escapeMarkdown(report.issue.identifier)}${report.issue.title ? ` ${escapeMarkdown(report.issue.title)}` : ''}`
    : '';
  lines.push(`**Status:** ${STATUS_BADGE[report.status]}${issue}`, '');
  lines.push('### Trigger', '');
  lines.push(`- Event: \`${report.trigger.event}\``);
  if (report.trigger.mode) lines.push(`- Mode: \`${report.trigger.mode}\``);
  lines.push(`- Decision: ${escapeMarkdown(report.trigger.decision)}`);
  if (report.strategy)
    lines.push(`- Strategy: \`${report.strategy.name}\` (${escapeMarkdown(report.strategy.reason)})`);
  lines.push('');
  if (report.error) lines.push('### Error', '', '```text', report.error, '```', '');
  if (report.decisions.length > 0) {
    lines.push('### Decisions', '', ...report.decisions.map((d) => `- ${escapeMarkdown(d)}`), '');
  }
  if (report.runUrl) lines.push(`[Workflow run](${report.runUrl})`, '');
  return lines.join('\n');
}

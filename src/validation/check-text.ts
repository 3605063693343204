import { renderValidationCheck } from '../report/index.js';
import { type CheckText, renderValidationSummary } from './check-summary.js';
import type { ValidationVerdict } from './verdict.js';

/** The subtask a PR belongs to, for the check run's text. */
export interface ValidationSubject {
  /** Linear identifier, or `#<n>` for a GitHub issue. */
  issue: string;
  task: { id: string; title: string };
  /** The workflow run. */
  runUrl?: string;
}

/**
 * The check run's text: the report module's renderer for what it models (in progress, passed,
 * failed), this module's own formatter for the rest (timed out) or without a subject.
 */
export function validationCheckText(
  verdict: ValidationVerdict | 'in_progress',
  subject?: ValidationSubject,
): CheckText {
  if (
    verdict !== 'in_progress' &&
    (verdict.verdict === 'timed_out' ||
      verdict.verdict === 'skipped' ||
      verdict.verdict === 'unverified' ||
      !subject)
  ) {
    return renderValidationSummary(verdict);
  }
  if (!subject) return { title: 'Validating', summary: 'Waiting for CI and running the validation.' };
  const common = {
    issue: subject.issue,
    task: subject.task,
    ...(subject.runUrl ? { runUrl: subject.runUrl } : {}),
  };
  if (verdict === 'in_progress') {
    return renderValidationCheck({ ...common, outcome: 'in_progress', reasons: ['CI on the head commit'] })
      .output;
  }
  const { evidence } = verdict;
  const excerpts = [
    ...evidence.failingChecks.map((c) => ({
      source: `CI: ${c.name} (${c.conclusion})`,
      excerpt: c.summary ?? c.conclusion,
      ...(c.url ? { url: c.url } : {}),
    })),
    ...(evidence.commandOutput !== undefined
      ? [{ source: 'validate-command', excerpt: evidence.commandOutput || '(no output)' }]
      : []),
    ...(evidence.review ? [{ source: 'review', excerpt: evidence.review }] : []),
  ];
  return renderValidationCheck({
    ...common,
    outcome: verdict.verdict === 'passed' ? 'passed' : 'failed',
    reasons: verdict.reasons,
    ...(verdict.headSha ? { headSha: verdict.headSha } : {}),
    evidence: excerpts,
  }).output;
}

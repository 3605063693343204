import { LIMITS, truncateToBytes } from './limits.js';
import { codeBlock, escapeMarkdown, link, oneLine, truncate } from './markdown.js';

/** The name of the check run the action posts on each subtask PR (what people see). */
export const VALIDATION_CHECK_NAME = 'Cyrus validation';

/** A piece of evidence behind a verdict: a failing job's log, the validate command's output, a review. */
export interface ValidationEvidence {
  /** Where it comes from, e.g. `CI: build (ubuntu-latest)` or `validate-command`. */
  source: string;
  excerpt: string;
  url?: string;
}

export interface ValidationVerdict {
  outcome: 'in_progress' | 'passed' | 'failed';
  /** Linear identifier (or `#<n>`) of the issue the PR belongs to. */
  issue: string;
  task: { id: string; title: string };
  headSha?: string;
  /** In progress: what is being checked. Passed: what held. Failed: what did not. */
  reasons: string[];
  evidence?: ValidationEvidence[];
  runUrl?: string;
}

/** The check run fields the verdict decides: `status`, `conclusion` and `output`. */
export interface ValidationCheck {
  name: typeof VALIDATION_CHECK_NAME;
  status: 'in_progress' | 'completed';
  conclusion?: 'success' | 'failure';
  output: { title: string; summary: string; text?: string };
}

/** Logs fail at the end: an excerpt keeps its last characters. */
const EXCERPT_MAX = 12_000;

export function renderValidationCheck(verdict: ValidationVerdict): ValidationCheck {
  const task = `${verdict.task.id}: ${truncate(oneLine(verdict.task.title), 120)}`;
  const limit = (text: string) => truncateToBytes(text, LIMITS.checkRunField);
  const status = verdict.outcome === 'in_progress' ? 'in_progress' : 'completed';
  const conclusion =
    verdict.outcome === 'passed' ? 'success' : verdict.outcome === 'failed' ? 'failure' : undefined;
  const output: ValidationCheck['output'] = {
    title: truncate(titleOf(verdict, oneLine(task)), 200),
    summary: limit(summaryOf(verdict, task)),
  };
  if (verdict.evidence && verdict.evidence.length > 0) output.text = limit(evidenceText(verdict.evidence));
  return conclusion
    ? { name: VALIDATION_CHECK_NAME, status, conclusion, output }
    : { name: VALIDATION_CHECK_NAME, status, output };
}

/** The title is shown as plain text, so it is only flattened, not escaped. */
function titleOf(verdict: ValidationVerdict, task: string): string {
  switch (verdict.outcome) {
    case 'in_progress':
      return `Validating ${task}`;
    case 'passed':
      return `Passed: ${task}`;
    case 'failed': {
      const n = verdict.reasons.length;
      return `Failed (${n === 1 ? '1 problem' : `${n} problems`}): ${task}`;
    }
  }
}

function summaryOf(verdict: ValidationVerdict, task: string): string {
  const lead: Record<ValidationVerdict['outcome'], string> = {
    in_progress: '⏳ Cyrus is validating this pull request.',
    passed: '✅ This pull request passed validation.',
    failed: '❌ This pull request failed validation.',
  };
  const lines = [lead[verdict.outcome], ''];
  lines.push(`- Issue: ${escapeMarkdown(verdict.issue)}`, `- Task: ${escapeMarkdown(task)}`);
  if (verdict.headSha && /^[0-9a-f]{7,64}$/i.test(verdict.headSha)) {
    lines.push(`- Commit: \`${verdict.headSha.slice(0, 12)}\``);
  }
  lines.push('');
  const heading: Record<ValidationVerdict['outcome'], string> = {
    in_progress: '**Checking**',
    passed: '**What held**',
    failed: '**Why it failed**',
  };
  if (verdict.reasons.length > 0) {
    lines.push(heading[verdict.outcome], '', ...verdict.reasons.map((r) => `- ${escapeMarkdown(r)}`), '');
  } else if (verdict.outcome === 'failed') {
    lines.push('_No reason was recorded._', '');
  }
  if (verdict.evidence && verdict.evidence.length > 0) lines.push('Evidence is in the details below.', '');
  if (verdict.runUrl) lines.push(link('Workflow run', verdict.runUrl));
  return lines.join('\n').trimEnd();
}

function evidenceText(evidence: readonly ValidationEvidence[]): string {
  return evidence
    .map((e) => {
      const title = e.url ? link(e.source, e.url) : escapeMarkdown(e.source);
      return `#### ${title}\n\n${codeBlock(tail(e.excerpt, EXCERPT_MAX), 'text')}`;
    })
    .join('\n\n');
}

function tail(text: string, max: number): string {
  const points = Array.from(text);
  if (points.length <= max) return text;
  return `… (${points.length - max} earlier characters omitted)\n${points.slice(-max).join('')}`;
}

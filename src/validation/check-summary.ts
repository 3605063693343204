import type { ValidationVerdict } from './verdict.js';

/**
 * The `Cyrus validation` check run's title and summary. A minimal formatter kept here until the
 * report module's `renderValidationCheck` takes over; the verdict carries everything it needs.
 */
export interface CheckText {
  title: string;
  summary: string;
  /** Details below the summary (evidence). */
  text?: string;
}

const TITLES: Record<ValidationVerdict['verdict'], string> = {
  passed: 'Passed',
  failed: 'Failed',
  timed_out: 'Timed out waiting for CI',
  skipped: 'Skipped',
  unverified: 'Not verified: no CI ran on this commit',
};

/** A fence longer than any backtick run inside, so output cannot close it. */
function fenced(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

export function renderValidationSummary(verdict: ValidationVerdict): CheckText {
  const { evidence } = verdict;
  const failing = evidence.failingChecks.length;
  const title =
    verdict.verdict === 'failed' && failing > 0
      ? `Failed: ${failing} check${failing === 1 ? '' : 's'} failing`
      : TITLES[verdict.verdict];
  const parts = [verdict.reasons.map((r) => `- ${r}`).join('\n')];
  if (failing > 0) {
    const rows = evidence.failingChecks.map(
      (c) =>
        `| ${c.url ? `[${cell(c.name)}](${c.url})` : cell(c.name)} | ${c.conclusion} | ${cell(c.summary ?? '')} |`,
    );
    parts.push(
      ['### Failing checks', '', '| check | conclusion | summary |', '|---|---|---|', ...rows].join('\n'),
    );
  }
  if (evidence.pendingChecks && evidence.pendingChecks.length > 0) {
    parts.push(`### Still running\n\n${evidence.pendingChecks.map((c) => `- ${c}`).join('\n')}`);
  }
  if (evidence.commandOutput !== undefined) {
    parts.push(`### Validation command output\n\n${fenced(evidence.commandOutput || '(no output)')}`);
  }
  if (verdict.action) {
    const where = verdict.action.link ? ` ([${verdict.action.link.label}](${verdict.action.link.url}))` : '';
    parts.push(`### What to do\n\n${verdict.action.text}${where}`);
  }
  if (evidence.review) parts.push(`### Review\n\n${evidence.review}`);
  return { title, summary: parts.join('\n\n') };
}

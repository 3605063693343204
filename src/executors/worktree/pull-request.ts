import type { ExecutionContext } from '../../domain/index.js';
import { neutralizeForGitHub } from '../../util/github-text.js';
import { pullRequestTitle as titleOf } from '../../util/issue-identity.js';

const MAX_PROMPT_IN_BODY = 3000;

/** The PR title carries the Linear identifier, so Linear links the PR to the issue. */
export function pullRequestTitle(context: ExecutionContext): string {
  return titleOf(context.issue.identifier, context.task.title);
}

export interface PullRequestBodyFacts {
  /** Who wrote the change, as reports name the agent ("Claude Code", "Codex CLI"). */
  writtenBy: string;
  sessionId: string | null;
  changedFiles: readonly string[];
  summary?: string;
}

export function pullRequestBody(context: ExecutionContext, facts: PullRequestBodyFacts): string {
  const { issue, task } = context;
  const issueLink = issue.url ? `[${issue.identifier}](${issue.url})` : issue.identifier;
  const safe = neutralizeForGitHub;
  const prompt = safe(
    task.prompt.length > MAX_PROMPT_IN_BODY ? `${task.prompt.slice(0, MAX_PROMPT_IN_BODY)}…` : task.prompt,
  );
  const lines = [
    // A non-closing Linear magic word (as the Codegen brief asks for): the PR is one subtask of
    // the issue, so it links the issue without claiming to finish it.
    `Refs ${issue.identifier}`,
    '',
    `Subtask \`${task.id}\` of ${issueLink}${issue.title ? ` (${safe(issue.title)})` : ''}${
      issue.githubIssueNumber ? `, GitHub issue #${issue.githubIssueNumber}` : ''
    }.`,
  ];
  if (context.baseBranch !== context.branch && task.dependsOn.length > 0) {
    lines.push(
      '',
      `Stacked on \`${context.baseBranch}\` (depends on ${task.dependsOn.map((d) => `\`${d}\``).join(', ')}).`,
    );
  }
  lines.push('', `## ${safe(task.title)}`, '', prompt);
  if (task.acceptance.length > 0) {
    lines.push('', '### Acceptance', ...task.acceptance.map((a) => `- [ ] ${safe(a)}`));
  }
  if (facts.changedFiles.length > 0) {
    const shown = facts.changedFiles.slice(0, 50).map((f) => `- \`${f}\``);
    if (facts.changedFiles.length > 50) shown.push(`- … and ${facts.changedFiles.length - 50} more`);
    lines.push('', '### Changed files', ...shown);
  }
  if (facts.summary?.trim()) {
    lines.push('', '### Agent summary', '', safe(facts.summary.trim().slice(0, 2000)));
  }
  lines.push(
    '',
    '---',
    `Written by ${safe(facts.writtenBy)} on the runner${facts.sessionId ? ` (session \`${facts.sessionId}\`)` : ''}, attempt ${context.attempt}; committed, pushed and opened by codegen-action.`,
  );
  return lines.join('\n');
}

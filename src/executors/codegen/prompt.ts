import type { RunMetadata } from '../../codegen/index.js';
import type { ExecutionContext } from '../../domain/index.js';
import {
  isLinearIdentifier as isLinearIdentifierText,
  pullRequestTitle as titleOf,
} from '../../util/issue-identity.js';

/** The identifier as Linear writes it in branch names and titles, e.g. "ENG-123". */
export function isLinearIdentifier(identifier: string): boolean {
  return isLinearIdentifierText(identifier);
}

/** PR title carrying the identifier, so Linear links the PR even if the branch were renamed. */
export function pullRequestTitle(context: ExecutionContext): string {
  return titleOf(context.issue.identifier, context.task.title);
}

/** Tags a run so it can always be matched back to its issue, task, attempt and ledger entry. */
export function runMetadata(context: ExecutionContext): RunMetadata {
  return {
    source: 'codegen-action',
    issue: context.issue.identifier,
    task: context.task.id,
    attempt: context.attempt,
    ledgerKey: context.ledgerKey,
    branch: context.branch,
  };
}

function bullets(items: readonly string[]): string {
  return items.map((item) => `- ${item}`).join('\n');
}

/**
 * The whole brief for a cloud agent: it sees nothing but this text and the repository, so the
 * goal, the acceptance criteria, the files, and the exact git moves are spelled out.
 * `goal` is the orchestrator's (already sanitised) prompt for the task.
 */
export function buildCodegenPrompt(goal: string, context: ExecutionContext): string {
  const { issue, task, repository } = context;
  const sections = [
    `You are working in the GitHub repository ${repository.owner}/${repository.repo} on Linear issue ` +
      `${issue.identifier} ("${issue.title}"), subtask ${task.id}: ${task.title} (${task.kind}, size ${task.size}).`,
    `## Goal\n${goal.trim() || task.prompt}`,
  ];
  if (task.acceptance.length > 0) {
    sections.push(`## Acceptance criteria (all must hold)\n${bullets(task.acceptance)}`);
  }
  if (task.files.length > 0) {
    sections.push(
      `## Files you are expected to touch\n${bullets(task.files)}\nChange other files only when the goal needs it.`,
    );
  }
  sections.push(
    [
      '## Git and pull request (required)',
      `- Start from the branch \`${context.baseBranch}\`.`,
      `- Commit your work on a new branch named exactly \`${context.branch}\`; do not rename it.`,
      `- Open one pull request from \`${context.branch}\` into \`${context.baseBranch}\` titled exactly "${pullRequestTitle(context)}".`,
      `- Keep \`${issue.identifier}\` in the title and write "Refs ${issue.identifier}" in the description.`,
      '- Do not merge it. The work is done when the pull request is open and its checks can run.',
      '- Do not ask questions: make reasonable assumptions and state them in the pull request description.',
    ].join('\n'),
  );
  return sections.join('\n\n');
}

/** Instructions for a resumed run: fixing failed checks on the PR it already opened. */
export function buildFollowUpPrompt(instructions: string, context: ExecutionContext): string {
  return [
    `Follow-up for ${context.issue.identifier} subtask ${context.task.id} (attempt ${context.attempt}).`,
    instructions.trim(),
    `Push the fixes to the same branch \`${context.branch}\` so the existing pull request updates; do not open another one.`,
  ].join('\n\n');
}

/** Nudge for a run that paused to wait for input. */
export function buildNudgePrompt(context: ExecutionContext): string {
  return (
    'Please continue without waiting for an answer: make reasonable assumptions, note them in the pull request ' +
    `description, and finish by opening the pull request from \`${context.branch}\` titled "${pullRequestTitle(context)}".`
  );
}

/**
 * A new run that fixes the PR an earlier, finished run opened (resume is for paused runs only):
 * the whole brief again, the evidence, and the branch to push to instead of opening another PR.
 */
export function buildFixRunPrompt(goal: string, instructions: string, context: ExecutionContext): string {
  const brief = buildCodegenPrompt(goal, context).split('\n\n## Git and pull request (required)')[0] ?? '';
  return [
    brief,
    `## What to fix (attempt ${context.attempt})\n${instructions.trim()}`,
    [
      '## Git and pull request (required)',
      `- Check out the existing branch \`${context.branch}\`: it already has an open pull request into \`${context.baseBranch}\`.`,
      `- Commit the fixes on \`${context.branch}\` and push them there, so that pull request updates and its checks run again.`,
      '- Do not create another branch or open another pull request, and do not merge.',
      '- Do not ask questions: make reasonable assumptions and state them in a pull request comment.',
    ].join('\n'),
  ].join('\n\n');
}

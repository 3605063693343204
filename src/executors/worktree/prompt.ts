import type { ExecutionContext } from '../../domain/index.js';
import { sanitizeUntrustedText } from '../../validation/sanitize.js';

/** Issue, plan and CI text is untrusted (a security rule): hidden markup and invisible characters go first. */
const clean = (text: string) => sanitizeUntrustedText(text);
const oneLine = (text: string) => clean(text).replace(/\s+/g, ' ');

function list(items: readonly string[], empty: string): string {
  return items.length === 0 ? empty : items.map((item) => `- ${item}`).join('\n');
}

/** What the action does for the agent, so it does not try (it has no credentials anyway). */
const RULES = [
  'Work only inside the current directory: it holds the task branch’s files (no git metadata; the action keeps that).',
  'Make the change completely: edit the files, and run the project’s tests or build if you can.',
  'Do NOT run `git commit`, `git push`, or open a pull request: when you finish, the action commits everything you leave in the working tree, pushes the branch and opens the pull request itself.',
  'Do not look for tokens or credentials; none are available to you and none are needed.',
  'Finish with a short summary of what you changed and why.',
];

/** The first prompt of a task: the goal, its acceptance criteria and files, and the rules above. */
export function buildTaskPrompt(taskPrompt: string, context: ExecutionContext): string {
  const { task, issue } = context;
  return [
    `You are implementing one subtask of ${issue.identifier} (“${oneLine(issue.title)}”).`,
    '',
    `## Task ${task.id}: ${oneLine(task.title)} (${task.kind}, size ${task.size})`,
    '',
    clean(taskPrompt),
    '',
    '## Acceptance criteria',
    list(task.acceptance.map(oneLine), '- (none given: satisfy the task as described)'),
    '',
    '## Files you are expected to touch',
    list(
      task.files.map((f) => `\`${oneLine(f).replace(/`/g, '')}\``),
      '- (not known in advance)',
    ),
    '',
    '## Where you work',
    `Branch \`${context.branch}\`, started from \`${context.baseBranch}\`.`,
    '',
    '## Rules',
    list(RULES, ''),
  ].join('\n');
}

/** A follow-up in a resumed session: new instructions (e.g. failing checks) on the same branch. */
export function buildFollowUpPrompt(instructions: string, context: ExecutionContext): string {
  return [
    `More work on task ${context.task.id} of ${context.issue.identifier}, on the same branch \`${context.branch}\` (attempt ${context.attempt}).`,
    '',
    clean(instructions),
    '',
    '## Rules',
    list(RULES, ''),
  ].join('\n');
}

/** A follow-up whose earlier session cannot be resumed (another runner): the whole task again, plus the news. */
export function buildFreshFollowUpPrompt(
  taskPrompt: string,
  instructions: string,
  context: ExecutionContext,
): string {
  return [
    buildTaskPrompt(taskPrompt, context),
    '',
    '## Earlier work and what is still wrong',
    `The branch already holds an earlier attempt at this task. Continue from it. What needs fixing (attempt ${context.attempt}):`,
    '',
    clean(instructions),
  ].join('\n');
}

/**
 * Issue identity, in one place: what a Linear identifier looks like, what the user or an event
 * points at, and the PR title that carries the identifier (Linear links a PR to an issue when the
 * branch name or the title contains it).
 */

/** A Linear identifier: a team key (a letter, then up to 9 letters or digits), a dash, a number. */
const LINEAR_IDENTIFIER = /^[A-Za-z][A-Za-z0-9]{0,9}-\d+$/;
const GITHUB_NUMBER = /^#?(\d+)$/;

/** Longest PR title we write: GitHub refuses titles over 256 characters. */
const MAX_TITLE = 250;

/** Whether `value` is a Linear identifier such as `ENG-123` (any case). */
export function isLinearIdentifier(value: string): boolean {
  return LINEAR_IDENTIFIER.test(value);
}

/** What the user or the event points at: a Linear identifier or a GitHub issue. */
export type RequestedIssue =
  | { kind: 'linear'; identifier: string }
  | { kind: 'github'; number: number; title?: string; body?: string; url?: string };

/** Parses the `issue` input: `ENG-123` or `42` / `#42`; undefined when it is neither. */
export function parseIssueInput(value: string): RequestedIssue | undefined {
  const trimmed = value.trim();
  if (isLinearIdentifier(trimmed)) return { kind: 'linear', identifier: trimmed.toUpperCase() };
  const number = GITHUB_NUMBER.exec(trimmed)?.[1];
  return number ? { kind: 'github', number: Number(number) } : undefined;
}

/** The title of a task's PR: the identifier first, so it survives the cut to GitHub's limit. */
export function pullRequestTitle(identifier: string, taskTitle: string): string {
  return `${identifier}: ${taskTitle}`.slice(0, MAX_TITLE);
}

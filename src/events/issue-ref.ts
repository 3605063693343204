/** What the user or the event points at: a Linear identifier or a GitHub issue. */
export type IssueTarget =
  | { kind: 'linear'; identifier: string }
  | { kind: 'github'; number: number; title?: string; body?: string; url?: string };

const LINEAR_IDENTIFIER = /^[A-Za-z][A-Za-z0-9]{0,9}-\d+$/;
const GITHUB_NUMBER = /^#?(\d+)$/;

/** Parses the `issue` input: `ENG-123` or `42` / `#42`; undefined when it is neither. */
export function parseIssueInput(value: string): IssueTarget | undefined {
  const trimmed = value.trim();
  if (LINEAR_IDENTIFIER.test(trimmed)) return { kind: 'linear', identifier: trimmed.toUpperCase() };
  const number = GITHUB_NUMBER.exec(trimmed)?.[1];
  return number ? { kind: 'github', number: Number(number) } : undefined;
}

export function describeTarget(target: IssueTarget): string {
  return target.kind === 'linear' ? target.identifier : `GitHub issue #${target.number}`;
}

/** Tools a local executor offers when the config names none: it edits files and runs commands. */
export const DEFAULT_LOCAL_TOOLS: readonly string[] = [
  'Read',
  'Write',
  'Edit',
  'MultiEdit',
  'Glob',
  'Grep',
  'Bash',
  'TodoWrite',
];

/**
 * `--allowedTools` only pre-approves; `--tools` is what the model is offered. The offered set is
 * the base names of the configured entries (`Bash(npm test:*)` offers Bash, approved for that only).
 */
export function toolFlags(allowedTools: readonly string[]): { tools: string[]; allowedTools: string[] } {
  const names = allowedTools.map((entry) => entry.replace(/\(.*$/, '').trim()).filter((n) => n !== '');
  return { tools: [...new Set(names)], allowedTools: [...allowedTools] };
}

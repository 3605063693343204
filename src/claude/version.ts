/**
 * The Claude Code release this action is built and tested against. Verified here with
 * `npm view @anthropic-ai/claude-code version` and by running its binary against the stand-in.
 * Bump it together with a run of `npx vitest run test/claude test/planner`.
 */
export const PINNED_CLAUDE_VERSION = '2.1.331';

/** `claude --version` prints e.g. "2.1.331 (Claude Code)"; returns "2.1.331" or null. */
export function parseClaudeVersion(output: string): string | null {
  const match = /(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)/.exec(output);
  return match?.[1] ?? null;
}

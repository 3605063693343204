/**
 * Messages are written once, for the workflow run (the `linear-api-key` input, re-run the job).
 * On a terminal the same advice has other names: environment variables and flags, and "try again"
 * instead of a job to re-run. Applied to everything the CLI prints on the real terminal.
 */
const TERMINAL_WORDING: readonly [RegExp, string][] = [
  [/re-run the job later/g, 'try again later'],
  [/re-run the job/g, 'run the command again'],
  [/(this|the) job[’']s deadline/g, '$1 command’s deadline'],
  [/the `linear-api-key` (secret|input)/g, 'LINEAR_API_KEY'],
  [/the `codegen-api-token` (secret|input)/g, 'CODEGEN_API_TOKEN'],
  [/the `anthropic-api-key` input/g, 'ANTHROPIC_API_KEY'],
  [
    /the `anthropic-api-key` \/ `claude-code-oauth-token` input/g,
    'ANTHROPIC_API_KEY / CLAUDE_CODE_OAUTH_TOKEN',
  ],
  [/the `github-token` input/g, 'GITHUB_TOKEN (or GH_TOKEN)'],
  [/the `claude-path` input/g, '--claude-path (or CLAUDE_PATH)'],
  [/the `config-file` input/g, '--config'],
  [/the `strategy` input/g, '--strategy'],
  [/`codegen-org-id` input/g, 'CODEGEN_ORG_ID'],
  [/`codegen-api-token` input/g, 'CODEGEN_API_TOKEN'],
  [/`linear-api-key`/g, 'LINEAR_API_KEY'],
  [/`linear-api-url`/g, 'LINEAR_API_URL'],
  [/`codegen-api-url`/g, 'CODEGEN_API_URL'],
  [/`github-token`/g, 'GITHUB_TOKEN'],
  [/(reachable|unreachable) from the runner/g, '$1 from this machine'],
];

export function forTerminal(text: string): string {
  return TERMINAL_WORDING.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

import { mcpConfigArgs } from './mcp-config.js';

/** What one `claude -p` invocation is asked to do; the prompt itself goes on stdin. */
export interface ClaudeArgsOptions {
  /** The exact set of built-in tools offered to the model; `[]` offers none. Unset: the CLI's default set. */
  tools?: string[];
  /** Tools pre-approved without a permission prompt (offering is `tools`' job). */
  allowedTools?: string[];
  disallowedTools?: string[];
  maxTurns?: number;
  maxBudgetUsd?: number;
  model?: string;
  /** JSON Schema of the answer: the CLI offers a `StructuredOutput` tool with it. */
  jsonSchema?: object;
  appendSystemPrompt?: string;
  resumeSessionId?: string;
  /** `--permission-mode`, e.g. "acceptEdits" for an executor that writes files. */
  permissionMode?: string;
  /**
   * The checkout is untrusted: no project or local settings, hooks or MCP servers from it
   * (`--setting-sources user`, all hooks off, no MCP server).
   */
  untrustedContent?: boolean;
  /** A trusted MCP servers file (the base branch's, written outside the agent's directory). */
  mcpConfig?: string;
  /** Further flags, passed as they are (after ours). */
  extraArgs?: string[];
}

/**
 * Flag names verified with `claude --help` of the pinned binary (`--max-turns` is accepted but not
 * listed there). The prompt is read from stdin, so no positional argument follows a variadic flag.
 */
export function buildClaudeArgs(options: ClaudeArgsOptions): string[] {
  const args = ['-p', '--output-format', 'stream-json', '--verbose'];
  if (options.tools) args.push('--tools', options.tools.join(','));
  if (options.allowedTools && options.allowedTools.length > 0) {
    args.push('--allowedTools', options.allowedTools.join(','));
  }
  if (options.disallowedTools && options.disallowedTools.length > 0) {
    args.push('--disallowedTools', options.disallowedTools.join(','));
  }
  if (options.maxTurns !== undefined) args.push('--max-turns', String(options.maxTurns));
  if (options.maxBudgetUsd !== undefined) args.push('--max-budget-usd', String(options.maxBudgetUsd));
  if (options.model) args.push('--model', options.model);
  if (options.jsonSchema) args.push('--json-schema', JSON.stringify(options.jsonSchema));
  if (options.appendSystemPrompt) args.push('--append-system-prompt', options.appendSystemPrompt);
  if (options.resumeSessionId) args.push('--resume', options.resumeSessionId);
  if (options.permissionMode) args.push('--permission-mode', options.permissionMode);
  if (options.untrustedContent) {
    args.push('--setting-sources', 'user', '--settings', JSON.stringify({ disableAllHooks: true }));
  }
  // Only servers from --mcp-config count (none when no file is given), never the checkout's.
  if (options.untrustedContent || options.mcpConfig) args.push(...mcpConfigArgs(options.mcpConfig));
  if (options.extraArgs) args.push(...options.extraArgs);
  return args;
}

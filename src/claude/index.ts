export { buildClaudeArgs, type ClaudeArgsOptions } from './args.js';
export { type BaseMcpConfig, loadBaseMcpConfig, MCP_CONFIG_FILE } from './base-mcp.js';
export { buildClaudeEnv, type ClaudeCredentials } from './env.js';
export {
  isExecutable,
  type ResolveClaudeOptions,
  type ResolvedClaudeBinary,
  resolveClaudeBinary,
} from './install.js';
export {
  McpConfigFile,
  McpServer,
  type McpServers,
  mcpConfigArgs,
  mcpConfigText,
  parseMcpConfig,
  SANDBOX_MCP_CONFIG,
  sandboxRefusal,
} from './mcp-config.js';
export type { ClaudeRunResult } from './outcome.js';
export { type ClaudePlatform, claudePlatform } from './platform.js';
export { type ClaudeRunOptions, runClaude } from './run.js';
export {
  AssistantMessage,
  assistantText,
  type ParsedLine,
  parseStreamLine,
  RateLimitEvent,
  ResultMessage,
  type StreamMessage,
  SystemMessage,
  toolUses,
  type UnknownStreamMessage,
  UserMessage,
} from './stream.js';
export { StreamTrace } from './trace.js';
export { PINNED_CLAUDE_VERSION, parseClaudeVersion } from './version.js';

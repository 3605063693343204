export { buildClaudeArgs, type ClaudeArgsOptions } from './args.js';
export { buildClaudeEnv, type ClaudeCredentials } from './env.js';
export {
  isExecutable,
  type ResolveClaudeOptions,
  type ResolvedClaudeBinary,
  resolveClaudeBinary,
} from './install.js';
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
export { PINNED_CLAUDE_VERSION, parseClaudeVersion } from './version.js';

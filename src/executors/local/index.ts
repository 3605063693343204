export {
  CLAUDE_CODE_CAPABILITIES,
  CLAUDE_CODE_LABEL,
  claudeCodeDescriptor,
  LOCAL_EXPECTED_USD,
  localExecutorDescriptor,
} from './descriptor.js';
export { agentEnvironment, sandboxedAgentEnvironment } from './environment.js';
export {
  ClaudeCodeExecutor,
  type ClaudeSettings,
  LOCAL_EXECUTOR_NAME,
  type LocalExecutorOptions,
} from './executor.js';
export { claudeCodeExecutorModule } from './module.js';
export { buildFollowUpPrompt, buildFreshFollowUpPrompt, buildTaskPrompt } from './prompt.js';
export { pullRequestBody, pullRequestTitle } from './pull-request.js';
export { DEFAULT_LOCAL_TOOLS, toolFlags } from './tools.js';

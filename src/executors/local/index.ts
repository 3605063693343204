export { localExecutorDescriptor } from './descriptor.js';
export { agentEnvironment, sandboxedAgentEnvironment } from './environment.js';
export {
  ClaudeCodeExecutor,
  type ClaudeSettings,
  LOCAL_EXECUTOR_NAME,
  type LocalExecutorOptions,
} from './executor.js';
export { buildFollowUpPrompt, buildFreshFollowUpPrompt, buildTaskPrompt } from './prompt.js';
export { pullRequestBody, pullRequestTitle } from './pull-request.js';
export { DEFAULT_LOCAL_TOOLS, toolFlags } from './tools.js';

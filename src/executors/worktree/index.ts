export type { AgentOutcome, AgentRun, AgentStep } from './agent-step.js';
export { sandboxedEnvironment, withoutJobSecrets } from './environment.js';
export { WorktreeExecutor, type WorktreeExecutorOptions } from './executor.js';
export { buildFollowUpPrompt, buildFreshFollowUpPrompt, buildTaskPrompt } from './prompt.js';
export { type PullRequestBodyFacts, pullRequestBody, pullRequestTitle } from './pull-request.js';

export { CommandExecutorConfig, parseCommandConfig } from './config.js';
export { commandRunCost, expectedCommandCost } from './cost.js';
export { COMMAND_CAPABILITIES, commandDescriptor, commandExecutorDescriptor } from './descriptor.js';
export { commandEnvironment } from './environment.js';
export { COMMAND_EXECUTOR_KIND, CommandExecutor, type CommandExecutorOptions } from './executor.js';
export { agentInvocation, type PromptInput, promptInput } from './invocation.js';
export { commandExecutorModule } from './module.js';
export { MAX_PROGRESS_LINES, PROMPT_FILE_IN_SANDBOX } from './step.js';

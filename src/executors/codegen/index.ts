export {
  type CodegenPricing,
  EXPECTED_RUN_MINUTES,
  estimateCodegenCost,
  expectedCodegenCost,
} from './cost.js';
export {
  CODEGEN_CAPABILITIES,
  CODEGEN_EXECUTOR_NAME,
  CODEGEN_LABEL,
  codegenExecutorDescriptor,
  codegenSettingsFrom,
} from './descriptor.js';
export { CodegenExecutor } from './executor.js';
export { codegenExecutorModule } from './module.js';
export type { CodegenExecutorOptions, CodegenExecutorSettings } from './options.js';
export {
  buildCodegenPrompt,
  buildFollowUpPrompt,
  buildNudgePrompt,
  isLinearIdentifier,
  pullRequestTitle,
  runMetadata,
} from './prompt.js';
export { confirmPullRequest, type PullRequestCheck, parsePullRequestUrl } from './pull-request.js';
export { CodegenRepoIdResolver, CodegenRepositoryMissingError } from './repo-id.js';

export {
  type CodegenPricing,
  EXPECTED_RUN_MINUTES,
  estimateCodegenCost,
  expectedCodegenCost,
} from './cost.js';
export { codegenExecutorDescriptor, codegenSettingsFrom } from './descriptor.js';
export { CodegenExecutor, type CodegenExecutorOptions, type CodegenExecutorSettings } from './executor.js';
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

export { type ActorGateInput, checkLabelActor, type GateDecision } from './actor-gate.js';
export { type CheckText, renderValidationSummary } from './check-summary.js';
export { type ValidationSubject, validationCheckText } from './check-text.js';
export { assessCi, type CiAssessment, type CiSnapshot, type OwnChecks } from './ci-state.js';
export { type CiOutcome, type CiPolicy, waitForCi } from './ci-wait.js';
export { type CommandResult, type CommandRun, runCommand } from './command.js';
export { buildCommandEnv, type CommandDirs } from './command-env.js';
export { checkLinearTriggerActor, type LinearActorGateInput } from './linear-actor-gate.js';
export { type CiAction, type MissingCiResolution, resolveMissingCi, type WorkflowStarter } from './no-ci.js';
export {
  type CheckoutSource,
  type PrCheckout,
  type PullRequestHead,
  withPullRequestCheckout,
} from './pr-checkout.js';
export {
  type ValidateCommandOptions,
  type ValidatePullRequestInput,
  validatePullRequest,
} from './pr-validation.js';
export {
  ownWorkflowFile,
  type PullRequestWorkflow,
  pullRequestWorkflowsOf,
  readPullRequestWorkflows,
} from './pr-workflows.js';
export { startValidationReport, VALIDATION_CHECK_NAME, type ValidationReporter } from './reporter.js';
export {
  buildReviewPrompt,
  type ReviewOptions,
  type ReviewOutcome,
} from './review.js';
export { sanitizeUntrustedText, stripInvisibleCharacters } from './sanitize.js';
export type { FailingCheck, ValidationEvidence, ValidationVerdict, Verdict } from './verdict.js';

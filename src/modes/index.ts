export type { ModeContext, ModeHandler, ModeOutcome } from './context.js';
export { parseTaskInput } from './execute.js';
export { JobSettings, parseJobSettings } from './job-settings.js';
export { failedJob, type JobDependencies, type JobOutputs, type JobResult, runJob } from './run-job.js';
export { Runtime, type RuntimeCredentials, type RuntimeOptions } from './runtime.js';

export { renderJobSummary } from './job-summary.js';
export { escapeMarkdown, table } from './markdown.js';
export type { JobReport, RunStatus } from './model.js';

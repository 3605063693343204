export { renderPlanFlowchart } from './flowchart.js';
export {
  addCost,
  type CostParts,
  costOf,
  formatCost,
  formatDuration,
  formatTimestamp,
  formatUsd,
  NO_COST,
} from './format.js';
export { renderRunGantt } from './gantt.js';
export { renderJobSummary } from './job-summary.js';
export { LIMITS, truncateToBytes, utf8Length } from './limits.js';
export { codeBlock, escapeMarkdown, link, safeUrl, table } from './markdown.js';
export { ganttText, mermaidLabel } from './mermaid.js';
export type { JobReport, RunStatus, TaskEstimate, WorkRecord, WorkReport } from './model.js';
export { type TaskView, taskViews, type WorkTotals, workTotals } from './task-view.js';
export { renderTraces, toolsText } from './traces.js';
export {
  renderGitHubIssueComment,
  renderTrackingComment,
  TRACKING_MARKER,
  type TrackingCommentInput,
} from './tracking-comment.js';
export {
  renderValidationCheck,
  VALIDATION_CHECK_NAME,
  type ValidationCheck,
  type ValidationEvidence,
  type ValidationVerdict,
} from './validation-check.js';

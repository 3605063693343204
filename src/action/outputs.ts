import type { JobOutputs } from '../modes/index.js';

/** The outputs action.yml declares: the job's, and the job summary as text. */
export interface ActionOutputs extends JobOutputs {
  summary: string;
}

/** Writes every output, always, so downstream steps can rely on each one existing. */
export function writeOutputs(outputs: ActionOutputs, setOutput: (name: string, value: string) => void): void {
  setOutput('status', outputs.status);
  setOutput('linear-issue', outputs.linearIssue ?? '');
  setOutput('plan', outputs.plan ? JSON.stringify(outputs.plan) : '');
  setOutput('matrix', outputs.matrix ? JSON.stringify(outputs.matrix) : '');
  setOutput('pull-requests', JSON.stringify(outputs.pullRequests));
  setOutput('total-cost-usd', outputs.totalCostUsd.toFixed(2));
  setOutput('summary', outputs.summary);
}

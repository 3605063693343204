import type { IssueStatus, TaskRecord, TaskState } from '../ledger/records.js';
import type { RunStatus } from './model.js';

export const RUN_STATUS_BADGE: Record<RunStatus, string> = {
  success: '✅ success',
  failure: '❌ failure',
  partial: '⚠️ partial',
  pending: '⏳ pending',
  skipped: '⏭️ skipped',
};

export const TASK_STATE_EMOJI: Record<TaskState, string> = {
  pending: '⚪',
  running: '🔵',
  pr_open: '🟣',
  succeeded: '✅',
  failed: '❌',
  held: '⏸️',
  deferred: '💤',
};

/** Words for a task state; `pr_open` is the one ledger name a reader would not guess. */
export const TASK_STATE_LABEL: Record<TaskState, string> = {
  pending: 'pending',
  running: 'running',
  pr_open: 'PR open',
  succeeded: 'succeeded',
  failed: 'failed',
  held: 'held',
  deferred: 'deferred',
};

export const TASK_STATES: readonly TaskState[] = [
  'pending',
  'running',
  'pr_open',
  'succeeded',
  'failed',
  'held',
  'deferred',
];

export const ISSUE_STATUS_BADGE: Record<IssueStatus, string> = {
  planning: '📝 planning',
  running: '🔵 running',
  waiting: '⏳ waiting for PRs and checks',
  succeeded: '✅ succeeded',
  failed: '❌ failed',
  partial: '⚠️ partial',
};

type ChecksState = NonNullable<TaskRecord['checks']>['state'];

export const CHECKS_BADGE: Record<ChecksState, string> = {
  pending: '⏳ pending',
  success: '✅ passing',
  failure: '❌ failing',
};

export function taskStateText(state: TaskState): string {
  return `${TASK_STATE_EMOJI[state]} ${TASK_STATE_LABEL[state]}`;
}

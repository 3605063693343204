import type { IssueRecord, TaskRecord } from '../ledger/index.js';

export type Landing = NonNullable<IssueRecord['landing']>;

const prOf = (t: TaskRecord) => (t.pullRequest ? `#${t.pullRequest.number}` : 'no PR');

/**
 * Whether the loop can close: every task's PR merged (completed), or nothing is left on its way in
 * and something will never merge (open, with why). Undefined while PRs are still landing.
 */
export function landingOf(record: IssueRecord, now: string): Landing | undefined {
  const tasks = (record.plan?.tasks ?? []).map((t) => record.tasks[t.id]).filter((t) => t !== undefined);
  if (tasks.length === 0) return undefined;
  const merged = tasks.filter((t) => t.merge?.state === 'merged');
  if (merged.length === tasks.length)
    return {
      outcome: 'completed',
      reason: `all ${tasks.length} subtask PRs merged (${merged.map(prOf).join(', ')})`,
      at: now,
    };
  const never = tasks.filter(
    (t) =>
      t.merge?.state === 'closed' || (t.merge === undefined && (t.state === 'failed' || t.state === 'held')),
  );
  const inFlight = tasks.filter((t) => t.merge?.state !== 'merged' && !never.includes(t));
  if (never.length === 0 || inFlight.length > 0) return undefined;
  const why = never.map((t) =>
    t.merge?.state === 'closed' ? `${t.id}'s PR ${prOf(t)} was closed without merging` : `${t.id} ${t.state}`,
  );
  return {
    outcome: 'open',
    reason: `${merged.length} of ${tasks.length} subtask PRs merged; ${why.join('; ')}: the issue stays open`,
    at: now,
  };
}

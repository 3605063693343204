import type { ExecutorHistory } from '../domain/index.js';
import type { IssueRecord } from '../ledger/index.js';

/** Past results per executor name, from the ledger. */
export type History = Readonly<Record<string, ExecutorHistory>>;

export const NO_HISTORY: ExecutorHistory = { runs: 0, successes: 0 };

/** Success rates and average costs per executor, from every finished attempt in the ledger. */
export function historyFrom(records: readonly IssueRecord[]): History {
  const totals = new Map<string, { runs: number; successes: number; cost: number; costed: number }>();
  for (const record of records) {
    for (const task of Object.values(record.tasks)) {
      for (const attempt of task.attempts) {
        if (!attempt.finishedAt) continue;
        const bucket = totals.get(attempt.executor) ?? { runs: 0, successes: 0, cost: 0, costed: 0 };
        totals.set(attempt.executor, bucket);
        bucket.runs++;
        if (attempt.status === 'succeeded') bucket.successes++;
        if (attempt.costUsd !== undefined) {
          bucket.cost += attempt.costUsd;
          bucket.costed++;
        }
      }
    }
  }
  const history: Record<string, ExecutorHistory> = {};
  for (const [name, b] of totals) {
    history[name] = {
      runs: b.runs,
      successes: b.successes,
      averageCostUsd: b.costed > 0 ? b.cost / b.costed : undefined,
    };
  }
  return history;
}

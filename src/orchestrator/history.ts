import type { ExecutorLocation, Task } from '../domain/index.js';
import type { IssueRecord } from '../ledger/index.js';
import type { LocationHistory } from './strategies/index.js';

/** Typical Claude Code cost of a task by size before any history exists (USD). */
export const LOCAL_EXPECTED_USD: Record<Task['size'], number> = { s: 0.25, m: 0.75, l: 2 };

export type History = Record<ExecutorLocation, LocationHistory>;

/** Success rates and average costs per location, from every finished attempt in the ledger. */
export function historyFrom(
  records: readonly IssueRecord[],
  locationOf: (executor: string) => ExecutorLocation | undefined,
): History {
  const totals = {
    local: { runs: 0, successes: 0, cost: 0, costed: 0 },
    cloud: { runs: 0, successes: 0, cost: 0, costed: 0 },
  };
  for (const record of records) {
    for (const task of Object.values(record.tasks)) {
      for (const attempt of task.attempts) {
        const location = locationOf(attempt.executor);
        if (!location || !attempt.finishedAt) continue;
        const bucket = totals[location];
        bucket.runs++;
        if (attempt.status === 'succeeded') bucket.successes++;
        if (attempt.costUsd !== undefined) {
          bucket.cost += attempt.costUsd;
          bucket.costed++;
        }
      }
    }
  }
  const summarise = (b: (typeof totals)['local']): LocationHistory => ({
    runs: b.runs,
    successes: b.successes,
    averageCostUsd: b.costed > 0 ? b.cost / b.costed : undefined,
  });
  return { local: summarise(totals.local), cloud: summarise(totals.cloud) };
}

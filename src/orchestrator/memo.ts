import type { ExecutorMemo } from '../domain/index.js';
import type { IssueRecord } from '../ledger/index.js';

/**
 * The newest memo an executor's attempts left in these records. The ledger is read for every
 * dispatch anyway, so later jobs (wait: false, reconcile, sweep) find there what the executor
 * once had to look up; the executor checks it still holds.
 */
export function rememberedBy(executor: string, records: readonly IssueRecord[]): ExecutorMemo | undefined {
  let newest: { at: string; memo: ExecutorMemo } | undefined;
  for (const record of records) {
    for (const task of Object.values(record.tasks)) {
      for (const attempt of task.attempts) {
        if (attempt.executor !== executor || !attempt.memo) continue;
        if (!newest || attempt.startedAt > newest.at) newest = { at: attempt.startedAt, memo: attempt.memo };
      }
    }
  }
  return newest?.memo;
}

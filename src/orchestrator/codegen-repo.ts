import type { CodegenRepoRef } from '../domain/index.js';
import type { IssueRecord } from '../ledger/index.js';

/**
 * The newest Codegen repo id any attempt in these records was sent with. The ledger is read for
 * every dispatch anyway, so later jobs (wait: false, reconcile, sweep) find the id there instead
 * of listing the org's repositories again. The executor checks it is this repository's.
 */
export function storedCodegenRepo(records: readonly IssueRecord[]): CodegenRepoRef | undefined {
  let newest: { at: string; repo: CodegenRepoRef } | undefined;
  for (const record of records) {
    for (const task of Object.values(record.tasks)) {
      for (const attempt of task.attempts) {
        if (attempt.codegenRepo && (!newest || attempt.startedAt > newest.at)) {
          newest = { at: attempt.startedAt, repo: attempt.codegenRepo };
        }
      }
    }
  }
  return newest?.repo;
}

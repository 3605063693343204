import type { Plan } from '../domain/index.js';
import type { ChecksGateway } from '../github/index.js';
import type { IssueRecord } from '../ledger/index.js';
import { backoffDelay } from '../util/backoff.js';
import type { Clock } from '../util/clock.js';
import type { MergeGateway, PullMergeView } from './gateway.js';
import type { HeadValidation } from './rules.js';

const VALIDATION_CHECK = 'Cyrus validation';
/** Re-reads while GitHub still computes mergeability (it answers UNKNOWN at first). */
const UNKNOWN_REREADS = 4;

interface ReadDependencies {
  gateway: MergeGateway;
  checks: Pick<ChecksGateway, 'listCheckRunsForRef'>;
  clock: Clock;
}

export async function headValidation(deps: ReadDependencies, pull: PullMergeView): Promise<HeadValidation> {
  if (pull.state !== 'OPEN') return 'missing';
  // The verdict is recorded where people see it: the check run on the head commit.
  const runs = await deps.checks.listCheckRunsForRef(pull.headRefOid, { checkName: VALIDATION_CHECK });
  const latest = runs.filter((r) => r.headSha === pull.headRefOid).sort((a, b) => b.id - a.id)[0];
  if (latest?.status !== 'completed') return 'missing';
  return latest.conclusion === 'success' ? 'passed' : 'failed';
}

export async function readPulls(
  deps: ReadDependencies,
  record: IssueRecord,
): Promise<Map<number, PullMergeView>> {
  const numbers = Object.values(record.tasks).flatMap((t) =>
    t.pullRequest && t.merge?.state !== 'merged' && t.merge?.state !== 'closed' ? [t.pullRequest.number] : [],
  );
  let pulls = await deps.gateway.pulls(numbers);
  for (let attempt = 0; attempt < UNKNOWN_REREADS; attempt += 1) {
    if (![...pulls.values()].some((p) => p.state === 'OPEN' && p.mergeStateStatus === 'UNKNOWN')) break;
    await deps.clock.sleep(backoffDelay(attempt, { baseMs: 1_000, maxMs: 8_000 }));
    pulls = await deps.gateway.pulls(numbers);
  }
  return pulls;
}

/** Task ids with every prerequisite before its dependents (the plan has no cycles). */
export function dependencyOrder(plan: Plan): string[] {
  const done = new Set<string>();
  const order: string[] = [];
  const visit = (id: string) => {
    if (done.has(id)) return;
    done.add(id);
    for (const d of plan.tasks.find((t) => t.id === id)?.dependsOn ?? []) visit(d);
    order.push(id);
  };
  for (const t of plan.tasks) visit(t.id);
  return order;
}

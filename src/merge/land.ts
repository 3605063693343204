import type { MergePolicy } from '../config/schema.js';
import type { ChecksGateway } from '../github/index.js';
import {
  type IssueRecord,
  type Ledger,
  type TaskMerge,
  type TaskRecord,
  UNCHANGED,
} from '../ledger/index.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import type { MergeGateway, PullMergeView } from './gateway.js';
import { dependencyOrder, headValidation, readPulls } from './reads.js';
import { decideMerge, type MergeDecision } from './rules.js';

export interface LandDependencies {
  gateway: MergeGateway;
  checks: Pick<ChecksGateway, 'listCheckRunsForRef'>;
  ledger: Ledger;
  clock: Clock;
  logger: Logger;
  policy: Exclude<MergePolicy, 'off'>;
  method?: 'squash' | 'merge' | 'rebase';
  baseBranch: string;
  /** Validates a PR's current head again (wait mode); without it, later events do. */
  revalidate?: (task: TaskRecord) => Promise<'passed' | 'failed' | 'pending'>;
  /** Hands a conflict back to the task's executor; false when the strategy allows no fix. */
  sendBack?: (task: TaskRecord, evidence: string) => Promise<boolean>;
}

export interface LandOutcome {
  record: IssueRecord;
  /** Per task, what was decided last (for the log and the report). */
  decisions: { task: string; decision: MergeDecision['kind']; reason: string }[];
}

/**
 * One merge pass over an issue's tasks, in dependency order, repeated while it makes progress (a
 * merge lets dependents retarget, a revalidation lets a PR merge). Every decision is recorded on the
 * task in the ledger with its reason.
 */
export async function landIssue(deps: LandDependencies, identifier: string): Promise<LandOutcome> {
  const decisions = new Map<string, { task: string; decision: MergeDecision['kind']; reason: string }>();
  let record = await mustRead(deps.ledger, identifier);
  const plan = record.plan;
  if (!plan) return { record, decisions: [] };
  const settings = await deps.gateway.settings(deps.baseBranch);
  const order = dependencyOrder(plan);
  for (let round = 0; round <= order.length + 1; round += 1) {
    const pulls = await readPulls(deps, record);
    let progressed = false;
    for (const id of order) {
      const task = record.tasks[id];
      const pull = task?.pullRequest ? pulls.get(task.pullRequest.number) : undefined;
      if (!task || !pull || task.merge?.state === 'merged' || task.merge?.state === 'closed') continue;
      const planned = plan.tasks.find((t) => t.id === id);
      const decision = decideMerge({
        policy: deps.policy,
        method: deps.method,
        baseBranch: deps.baseBranch,
        settings,
        task,
        pull,
        validation: await headValidation(deps, pull),
        prerequisites: (planned?.dependsOn ?? []).map((d) => ({ id: d, record: record.tasks[d] })),
      });
      const applied = await apply(deps, task, pull, decision);
      decisions.set(id, { task: id, decision: decision.kind, reason: applied.merge.reason });
      deps.logger.info(`Merge: ${id} (PR #${pull.number}): ${applied.merge.state}: ${applied.merge.reason}`);
      record = await recordMerge(deps, identifier, id, applied);
      progressed ||= applied.progressed;
    }
    if (!progressed) break;
  }
  return { record, decisions: [...decisions.values()] };
}

interface Applied {
  merge: Omit<TaskMerge, 'at'>;
  /** Other task fields that change with it (merged flag, checks reset, base branch). */
  fields?: Partial<TaskRecord>;
  progressed: boolean;
}

async function apply(
  deps: LandDependencies,
  task: TaskRecord,
  pull: PullMergeView,
  decision: MergeDecision,
): Promise<Applied> {
  const headSha = pull.headRefOid;
  const at = (
    state: TaskMerge['state'],
    reason: string,
    progressed = false,
    fields?: Partial<TaskRecord>,
  ) => ({
    merge: { state, reason, headSha, reworks: task.merge?.reworks },
    fields,
    progressed,
  });
  switch (decision.kind) {
    case 'merged':
      return at('merged', `PR #${pull.number} merged`, true, { merged: true, action: undefined });
    case 'closed':
      return at('closed', decision.reason);
    case 'hold':
      return at('held', decision.reason);
    case 'waiting':
      return at(decision.state, decision.reason);
    case 'merge-now': {
      const done = await deps.gateway.mergeNow(pull, decision.method, headSha);
      return done.ok
        ? at('merged', `PR #${pull.number} merged (${decision.method.toLowerCase()})`, true, {
            merged: true,
            action: undefined,
          })
        : at('held', `GitHub refused to merge PR #${pull.number}: ${done.message}`);
    }
    case 'auto-merge': {
      const done = await deps.gateway.enableAutoMerge(pull, decision.method, headSha);
      if (done.ok)
        return at('auto_merge', `auto-merge enabled (${decision.method.toLowerCase()}); ${decision.reason}`);
      // It became mergeable between the read and the write: merge it now instead.
      if (/clean status/i.test(done.message))
        return apply(deps, task, pull, { kind: 'merge-now', method: decision.method });
      return at('held', `GitHub refused auto-merge on PR #${pull.number}: ${done.message}`);
    }
    case 'enqueue': {
      const done = await deps.gateway.enqueue(pull, headSha);
      return done.ok
        ? at('queued', `PR #${pull.number} added to the merge queue`)
        : at('held', `GitHub refused to queue PR #${pull.number}: ${done.message}`);
    }
    case 'retarget': {
      const moved = await deps.gateway.retarget(pull.number, decision.base);
      if (!moved.ok)
        return at('held', `could not retarget PR #${pull.number} to ${decision.base}: ${moved.message}`);
      return update(deps, task, { ...pull, baseRefName: decision.base }, `${decision.reason}; `, {
        baseBranch: decision.base,
      });
    }
    case 'update':
      return update(deps, task, pull, `${decision.reason}; `);
    case 'revalidate':
      return revalidate(deps, task, decision.reason, headSha);
    case 'conflict':
      return conflict(deps, task, pull, decision.reason);
  }
}

async function update(
  deps: LandDependencies,
  task: TaskRecord,
  pull: PullMergeView,
  why: string,
  fields: Partial<TaskRecord> = {},
): Promise<Applied> {
  const updated = await deps.gateway.updateBranch(pull.number, pull.headRefOid);
  if (!updated.ok) {
    if (/conflict/i.test(updated.message))
      return conflict(deps, task, pull, `${why}updating it with ${pull.baseRefName} conflicts`, fields);
    return {
      merge: {
        state: 'held',
        reason: `${why}GitHub could not update it: ${updated.message}`,
        headSha: pull.headRefOid,
      },
      fields,
      progressed: true,
    };
  }
  return {
    merge: {
      state: 'revalidating',
      reason: `${why}updated with ${pull.baseRefName}; it is validated again before it may merge`,
      headSha: pull.headRefOid,
      reworks: task.merge?.reworks,
    },
    // The validation was of the old head: it no longer counts.
    fields: { ...fields, checks: { state: 'pending', headSha: task.checks?.headSha ?? pull.headRefOid } },
    progressed: true,
  };
}

async function revalidate(
  deps: LandDependencies,
  task: TaskRecord,
  reason: string,
  headSha: string,
): Promise<Applied> {
  const merge = { state: 'revalidating' as const, reason, headSha, reworks: task.merge?.reworks };
  if (
    !deps.revalidate ||
    (task.merge?.state === 'revalidating' &&
      task.merge.headSha === headSha &&
      task.checks?.state === 'failure')
  )
    return { merge, progressed: false };
  const verdict = await deps.revalidate(task);
  if (verdict === 'passed')
    return {
      merge: { ...merge, reason: `${reason}: validated again, passed` },
      fields: { checks: { state: 'success', headSha } },
      progressed: true,
    };
  if (verdict === 'failed')
    return {
      merge: { ...merge, state: 'held', reason: `${reason}: validated again, failed` },
      fields: { checks: { state: 'failure', headSha } },
      progressed: false,
    };
  return { merge, progressed: false };
}

async function conflict(
  deps: LandDependencies,
  task: TaskRecord,
  pull: PullMergeView,
  reason: string,
  fields: Partial<TaskRecord> = {},
): Promise<Applied> {
  const todo = `merge ${pull.baseRefName} into ${pull.headRefName}, resolve the conflicts and push`;
  const evidence = `${reason}. PR #${pull.number} (${pull.url}) cannot merge: ${todo}; keep the pull request open.`;
  // The same conflict on the same head goes back once; a new head that still conflicts goes again.
  const previous = task.merge;
  if (previous?.state === 'conflict' && previous.headSha === pull.headRefOid)
    return { merge: { ...previous }, fields, progressed: false };
  const sent = deps.sendBack ? await deps.sendBack(task, evidence) : false;
  const reworks = (task.merge?.reworks ?? 0) + (sent ? 1 : 0);
  if (sent)
    return {
      merge: {
        state: 'conflict',
        reason: `${reason}; sent back to ${task.executor ?? 'its executor'} with the conflict to fix`,
        headSha: pull.headRefOid,
        reworks,
      },
      fields,
      progressed: true,
    };
  // No fix attempt left (or none allowed): it waits for a person, and so do its dependents.
  const tried =
    reworks > 0 ? `the fix attempts did not resolve it (${reworks} tried)` : 'no fix attempt is allowed';
  const held = `${reason}; ${tried}; a person must ${todo}`;
  if (previous?.state === 'held' && previous.headSha === pull.headRefOid && previous.reason === held)
    return { merge: { ...previous }, progressed: false };
  return {
    merge: {
      state: 'held',
      reason: held,
      headSha: pull.headRefOid,
      reworks,
    },
    fields: { ...fields, action: { text: todo, link: { label: `PR #${pull.number}`, url: pull.url } } },
    progressed: false,
  };
}

async function recordMerge(
  deps: LandDependencies,
  identifier: string,
  id: string,
  applied: Applied,
): Promise<IssueRecord> {
  const now = new Date(deps.clock.now()).toISOString();
  return deps.ledger.updateIssue(identifier, (r) => {
    const task = r.tasks[id];
    if (!task) return UNCHANGED;
    const same =
      task.merge &&
      JSON.stringify({ ...task.merge, at: '' }) === JSON.stringify({ ...applied.merge, at: '' });
    if (same && !applied.fields) return UNCHANGED;
    return {
      ...r,
      tasks: {
        ...r.tasks,
        [id]: { ...task, ...applied.fields, merge: { ...applied.merge, at: now }, updatedAt: now },
      },
    };
  });
}

async function mustRead(ledger: Ledger, identifier: string): Promise<IssueRecord> {
  const record = await ledger.readIssue(identifier);
  if (!record) throw new Error(`no ledger record for ${identifier}`);
  return record;
}

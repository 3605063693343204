import { backoffDelay } from '../util/backoff.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { plural } from '../util/plural.js';
import {
  describeOperation,
  hasCreates,
  type IssueChanges,
  OPERATION_RESULT,
  type Operation,
  planOperations,
  renderBatch,
} from './batch.js';
import { LINEAR_MESSAGES, LinearError } from './errors.js';
import type { WorkflowStateRef } from './queries.js';
import { describeErrors, type GraphQLErrorInfo, type LinearTransport } from './transport.js';
import type { AppliedChanges, IssueContext } from './types.js';

/** `applyChanges` sends at most this many batches (the first, and retries after refusals or timeouts). */
const MAX_BATCH_ROUNDS = 3;

export const NOT_FOUND = /not found|could not find|does not exist/i;

export interface ChangeApplierDeps {
  transport: LinearTransport;
  clock: Clock;
  logger: Logger;
  random?: () => number;
  /** The gateway's cached read of an issue (refreshed after a batch that may have half landed). */
  getIssueContext(id: string, options?: { refresh?: boolean }): Promise<IssueContext>;
}

/**
 * Applies one run's changes to a Linear issue in as few batches as Linear allows: one aliased
 * document, and after a refusal or an ambiguous failure, a re-read and the rest sent again.
 */
export class ChangeApplier {
  private readonly createdStates = new Map<string, WorkflowStateRef>();

  constructor(private readonly deps: ChangeApplierDeps) {}

  async apply(wanted: IssueChanges): Promise<AppliedChanges> {
    let changes = wanted;
    const before = this.deps.transport.requests;
    let context = await this.deps.getIssueContext(changes.issueId);
    // "Created" means new as of this call, even when a retry round found a create had landed.
    const commentExisted = changes.comment?.id !== undefined || context.trackingCommentId !== null;
    const childrenBefore = new Set(context.children.map((c) => c.id));
    const excluded = new Map<string, string>();
    const result: AppliedChanges = {
      commentId: null,
      commentCreated: false,
      state: null,
      attachments: [],
      subIssues: [],
      skipped: [],
      requests: 0,
    };
    const done = new Set<string>();
    for (let round = 0; ; round += 1) {
      const plan = planOperations(context, changes, excluded);
      for (const s of plan.existingSubIssues) {
        if (!result.subIssues.some((r) => r.key === s.taskKey)) {
          result.subIssues.push({ key: s.taskKey, issue: s.issue, created: !childrenBefore.has(s.issue.id) });
        }
      }
      const operations = plan.operations.filter((op) => !done.has(op.key));
      const finish = (): AppliedChanges => {
        const missing = operations
          .filter((op) => !done.has(op.key) && !excluded.has(op.key))
          .map((op) => ({ key: op.key, reason: `not applied after ${plural(MAX_BATCH_ROUNDS, 'attempt')}` }));
        for (const s of [...plan.skipped, ...missing]) {
          if (s.key === 'state' && !result.state) result.state = { moved: false, reason: s.reason };
          if (!result.skipped.some((r) => r.what === s.key))
            result.skipped.push({ what: s.key, reason: s.reason });
        }
        result.requests = this.deps.transport.requests - before;
        return result;
      };
      if (operations.length === 0) return finish();

      const { query, variables } = renderBatch(context, operations);
      const what = operations.map(describeOperation).join(', ');
      let reply: { data: unknown; errors: GraphQLErrorInfo[] };
      try {
        reply = await this.deps.transport.send(query, variables, {
          what: `${what} on ${context.identifier}`,
          idempotent: !hasCreates(operations),
        });
      } catch (error) {
        // A timeout or 5xx may have landed part of the batch: re-read the issue, whose comments and
        // children show which creates took effect, and send the rest again.
        if (error instanceof LinearError && error.ambiguous && round + 1 < MAX_BATCH_ROUNDS) {
          this.deps.logger.warning(
            `Linear: ${error.message} Re-reading ${context.identifier} before trying again.`,
          );
          await this.deps.clock.sleep(
            backoffDelay(round, { baseMs: 1_000, maxMs: 10_000 }, this.deps.random),
          );
          context = await this.deps.getIssueContext(context.id, { refresh: true });
          continue;
        }
        throw error;
      }

      const data = (reply.data ?? {}) as Record<string, unknown>;
      for (const op of operations) {
        if (this.recordOperation(op, data[op.alias], result, commentExisted)) done.add(op.key);
      }
      this.updateContext(context, operations, result);
      if (reply.errors.length === 0 && operations.every((op) => done.has(op.key))) return finish();

      // GraphQL errors (HTTP 200): leave out the operations Linear refused, name them, try the rest.
      const refused = this.refusedOperations(operations, reply.errors);
      if (reply.data !== null) {
        for (const op of operations) {
          if (!done.has(op.key) && !refused.has(op))
            refused.set(op, 'Linear did not confirm it (success: false)');
        }
      }
      const staleComment = [...refused].find(
        ([op, reason]) => op.kind === 'commentUpdate' && NOT_FOUND.test(reason),
      );
      if (staleComment && changes.comment) {
        // The stored comment is gone (deleted by someone): leave a new one rather than none.
        refused.delete(staleComment[0]);
        changes = { ...changes, comment: { body: changes.comment.body } };
        context.trackingCommentId = null;
      }
      if (refused.size === 0 && !staleComment) {
        throw new LinearError(
          'invalid',
          LINEAR_MESSAGES.invalid(`${what} on ${context.identifier}`, describeErrors(reply.errors)),
        );
      }
      for (const [op, reason] of refused) {
        excluded.set(op.key, reason);
        this.deps.logger.warning(
          `Linear refused ${describeOperation(op)} on ${context.identifier}: ${reason}`,
        );
      }
      if (round + 1 >= MAX_BATCH_ROUNDS) return finish();
      // With a non-null payload failing, Linear drops the whole `data`: the operations before it may
      // have landed, the rest did not run. Re-read, then send what is still missing.
      if (reply.data === null) context = await this.deps.getIssueContext(context.id, { refresh: true });
    }
  }

  /** Records one alias's answer; false when it did not succeed. */
  private recordOperation(
    op: Operation,
    answer: unknown,
    result: AppliedChanges,
    commentExisted: boolean,
  ): boolean {
    if (answer === undefined || answer === null) return false;
    switch (op.kind) {
      case 'commentCreate':
      case 'commentUpdate': {
        const parsed = OPERATION_RESULT[op.kind].safeParse(answer);
        if (!parsed.success || !parsed.data.success) return false;
        result.commentId = parsed.data.comment.id;
        result.commentCreated = op.kind === 'commentCreate' || !commentExisted;
        return true;
      }
      case 'issueUpdate': {
        const parsed = OPERATION_RESULT.issueUpdate.safeParse(answer);
        if (!parsed.success || !parsed.data.success) return false;
        result.state = { moved: true, to: parsed.data.issue?.state ?? op.state };
        return true;
      }
      case 'attachmentCreate': {
        const parsed = OPERATION_RESULT.attachmentCreate.safeParse(answer);
        if (!parsed.success || !parsed.data.success) return false;
        result.attachments.push({ url: op.url, id: parsed.data.attachment.id });
        return true;
      }
      case 'issueCreate': {
        const parsed = OPERATION_RESULT.issueCreate.safeParse(answer);
        if (!parsed.success || !parsed.data.success || !parsed.data.issue) return false;
        const { state, ...issue } = parsed.data.issue;
        this.createdStates.set(issue.id, state);
        result.subIssues.push({ key: op.taskKey, issue, created: true });
        return true;
      }
    }
  }

  /** Which operations the errors name (by alias, the first element of an error's path). */
  private refusedOperations(operations: readonly Operation[], errors: readonly GraphQLErrorInfo[]) {
    const refused = new Map<Operation, string>();
    for (const e of errors) {
      const op = operations.find((o) => o.alias === e.path?.[0]);
      if (op) refused.set(op, describeErrors([e]));
    }
    return refused;
  }

  /** Keeps the cached context true to what the batch changed, so the next plan starts from it. */
  private updateContext(
    context: IssueContext,
    operations: readonly Operation[],
    result: AppliedChanges,
  ): void {
    if (result.commentId) context.trackingCommentId = result.commentId;
    if (result.state?.moved) context.state = result.state.to;
    for (const s of result.subIssues) {
      const op = operations.find((o) => o.kind === 'issueCreate' && o.taskKey === s.key);
      if (op && !context.children.some((c) => c.id === s.issue.id)) {
        context.children.push({ ...s.issue, state: this.createdStates.get(s.issue.id) ?? context.state });
      }
    }
  }
}

import { z } from 'zod';
import { subIssueId, trackingCommentId } from './ids.js';
import { type LinearIssueRef, WorkflowStateRef } from './queries.js';
import { decideStateMove, type StateTarget } from './states.js';

/** Everything a report step wants changed on one issue; sent as ONE request of aliased mutations. */
export interface IssueChanges {
  /** The Linear issue's UUID or identifier. */
  issueId: string;
  /**
   * The tracking comment. With `id` (from the ledger) it is updated in place; without, the comment
   * the action already left on the issue is updated, and only when there is none is one created.
   */
  comment?: { id?: string; body: string };
  /** Move the issue's state (see `stateTargets`); skipped when it would move it backwards. */
  state?: StateTarget;
  /** Links shown on the issue (the PRs); re-sending one updates it (same URL, same issue). */
  attachments?: { url: string; title: string; subtitle?: string }[];
  /** Sub-issues, one per task; `key` (the task id) makes re-sending one a no-op. */
  subIssues?: { key: string; title: string; description: string }[];
}

export type Operation =
  | { key: 'comment'; alias: string; kind: 'commentCreate'; id: string; body: string }
  | { key: 'comment'; alias: string; kind: 'commentUpdate'; id: string; body: string }
  | { key: 'state'; alias: string; kind: 'issueUpdate'; state: WorkflowStateRef }
  | { key: string; alias: string; kind: 'attachmentCreate'; url: string; title: string; subtitle?: string }
  | {
      key: string;
      alias: string;
      kind: 'issueCreate';
      taskKey: string;
      id: string;
      title: string;
      description: string;
    };

/** What the gateway knows of the issue when it plans (from its one context query). */
export interface PlanningContext {
  id: string;
  state: WorkflowStateRef;
  team: { id: string; key: string; states: (WorkflowStateRef & { position?: number })[] };
  children: LinearIssueRef[];
  trackingCommentId: string | null;
}

export interface Plan {
  operations: Operation[];
  /** Changes left out, with why (a state move that would go backwards, a sub-issue that exists). */
  skipped: { key: string; reason: string }[];
  existingSubIssues: { taskKey: string; issue: LinearIssueRef }[];
}

/** Turns wanted changes into operations, leaving out those already true and those `excluded`. */
export function planOperations(
  context: PlanningContext,
  changes: IssueChanges,
  excluded: ReadonlyMap<string, string> = new Map(),
): Plan {
  const operations: Operation[] = [];
  const skipped: Plan['skipped'] = [];
  const existingSubIssues: Plan['existingSubIssues'] = [];
  const keep = (key: string): boolean => {
    const reason = excluded.get(key);
    if (reason !== undefined) skipped.push({ key, reason });
    return reason === undefined;
  };

  if (changes.comment && keep('comment')) {
    const known = changes.comment.id ?? context.trackingCommentId;
    operations.push(
      known
        ? { key: 'comment', alias: 'comment', kind: 'commentUpdate', id: known, body: changes.comment.body }
        : {
            key: 'comment',
            alias: 'comment',
            kind: 'commentCreate',
            id: trackingCommentId(context.id),
            body: changes.comment.body,
          },
    );
  }

  if (changes.state && keep('state')) {
    const decision = decideStateMove(context.state, context.team.states, changes.state, context.team.key);
    if (decision.move)
      operations.push({ key: 'state', alias: 'state', kind: 'issueUpdate', state: decision.state });
    else skipped.push({ key: 'state', reason: decision.reason });
  }

  for (const [i, a] of (changes.attachments ?? []).entries()) {
    const key = `attachment:${a.url}`;
    if (keep(key)) operations.push({ key, alias: `attachment${i}`, kind: 'attachmentCreate', ...a });
  }

  const children = new Map(context.children.map((c) => [c.id, c]));
  for (const [i, s] of (changes.subIssues ?? []).entries()) {
    const key = `subIssue:${s.key}`;
    const id = subIssueId(context.id, s.key);
    const existing = children.get(id);
    if (existing) {
      existingSubIssues.push({ taskKey: s.key, issue: existing });
      continue;
    }
    if (keep(key)) {
      operations.push({
        key,
        alias: `subIssue${i}`,
        kind: 'issueCreate',
        taskKey: s.key,
        id,
        title: s.title,
        description: s.description,
      });
    }
  }
  return { operations, skipped, existingSubIssues };
}

/** One mutation document with an aliased field per operation, and its variables. */
export function renderBatch(
  context: PlanningContext,
  operations: readonly Operation[],
): { query: string; variables: Record<string, unknown> } {
  const params: string[] = [];
  const fields: string[] = [];
  const variables: Record<string, unknown> = {};
  for (const op of operations) {
    const v = op.alias;
    switch (op.kind) {
      case 'commentCreate':
        params.push(`$${v}: CommentCreateInput!`);
        variables[v] = { id: op.id, issueId: context.id, body: op.body };
        fields.push(`${v}: commentCreate(input: $${v}) { success comment { id } }`);
        break;
      case 'commentUpdate':
        params.push(`$${v}Id: String!`, `$${v}: CommentUpdateInput!`);
        variables[`${v}Id`] = op.id;
        variables[v] = { body: op.body };
        fields.push(`${v}: commentUpdate(id: $${v}Id, input: $${v}) { success comment { id } }`);
        break;
      case 'issueUpdate':
        params.push(`$${v}Id: String!`, `$${v}: IssueUpdateInput!`);
        variables[`${v}Id`] = context.id;
        variables[v] = { stateId: op.state.id };
        fields.push(
          `${v}: issueUpdate(id: $${v}Id, input: $${v}) { success issue { id state { id name type } } }`,
        );
        break;
      case 'attachmentCreate':
        params.push(`$${v}: AttachmentCreateInput!`);
        variables[v] = {
          issueId: context.id,
          url: op.url,
          title: op.title,
          ...(op.subtitle === undefined ? {} : { subtitle: op.subtitle }),
        };
        fields.push(`${v}: attachmentCreate(input: $${v}) { success attachment { id url } }`);
        break;
      case 'issueCreate':
        params.push(`$${v}: IssueCreateInput!`);
        variables[v] = {
          id: op.id,
          teamId: context.team.id,
          parentId: context.id,
          title: op.title,
          description: op.description,
        };
        fields.push(
          `${v}: issueCreate(input: $${v}) { success issue { id identifier title url state { id name type } } }`,
        );
        break;
    }
  }
  const query = `mutation CyrusApplyChanges(${params.join(', ')}) {\n  ${fields.join('\n  ')}\n}`;
  return { query, variables };
}

const Success = z.object({ success: z.boolean() });

/** The shape each alias answers with, by operation kind. */
export const OPERATION_RESULT = {
  commentCreate: Success.extend({ comment: z.object({ id: z.string() }) }),
  commentUpdate: Success.extend({ comment: z.object({ id: z.string() }) }),
  issueUpdate: Success.extend({
    issue: z.object({ id: z.string(), state: WorkflowStateRef }).nullable(),
  }),
  attachmentCreate: Success.extend({ attachment: z.object({ id: z.string(), url: z.string() }) }),
  issueCreate: Success.extend({
    issue: z
      .object({
        id: z.string(),
        identifier: z.string(),
        title: z.string(),
        url: z.string(),
        state: WorkflowStateRef,
      })
      .nullable(),
  }),
} as const;

/** Whether sending the operations twice could do something twice. */
export function hasCreates(operations: readonly Operation[]): boolean {
  return operations.some((op) => op.kind === 'commentCreate' || op.kind === 'issueCreate');
}

/** Describes an operation for messages. */
export function describeOperation(op: Operation): string {
  switch (op.kind) {
    case 'commentCreate':
      return 'creating the tracking comment';
    case 'commentUpdate':
      return 'updating the tracking comment';
    case 'issueUpdate':
      return `moving the issue to "${op.state.name}"`;
    case 'attachmentCreate':
      return `linking ${op.url}`;
    case 'issueCreate':
      return `creating the sub-issue for task ${op.taskKey}`;
  }
}

import type { LinearClient } from '@linear/sdk';
import type { z } from 'zod';
import { backoffDelay } from '../util/backoff.js';
import { type Clock, systemClock } from '../util/clock.js';
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
import { trackingCommentId } from './ids.js';
import { type IssueTarget, type ResolvedIssue, resolveLinearIssue } from './mapping.js';
import {
  ISSUE_CONTEXT_QUERY,
  ISSUES_FOR_URL_QUERY,
  type IssueContextData,
  IssueContextResponse,
  type IssueRef,
  IssuesForUrlResponse,
  type LinearViewer,
  TRACKING_MARKER,
  VIEWER_QUERY,
  ViewerResponse,
  type WorkflowStateRef,
} from './queries.js';
import { RateLimitTracker } from './rate-limit.js';
import {
  DEFAULT_LINEAR_RETRY,
  describeErrors,
  type GraphQLErrorInfo,
  LinearTransport,
  type RetryPolicy,
} from './transport.js';

/** A run's whole view of a Linear issue, from one query. */
export interface IssueContext {
  id: string;
  identifier: string;
  title: string;
  description: string | null;
  url: string;
  state: WorkflowStateRef;
  team: { id: string; key: string; name: string; states: (WorkflowStateRef & { position: number })[] };
  labels: { id: string; name: string }[];
  parent: IssueRef | null;
  children: (IssueRef & { state: WorkflowStateRef })[];
  /** The action's own tracking comment on the issue, when it already left one. */
  trackingCommentId: string | null;
}

export interface AppliedChanges {
  /** The tracking comment's id (store it in the ledger), or null when no comment was sent. */
  commentId: string | null;
  commentCreated: boolean;
  /** The state the issue was moved to, or why it was not. */
  state: { moved: true; to: WorkflowStateRef } | { moved: false; reason: string } | null;
  attachments: { url: string; id: string }[];
  subIssues: { key: string; issue: IssueRef; created: boolean }[];
  /** Changes Linear refused or that were left out on purpose, each with the reason. */
  skipped: { what: string; reason: string }[];
  /** Requests this call sent (for the request budget). */
  requests: number;
}

/**
 * Linear, as the orchestrator needs it. Every method costs a known number of requests: a lookup
 * or context is one, `applyChanges` is one (aliased mutations in a single document) unless Linear
 * fails part of it. A typical issue: context (1), comment + "started" + sub-issues (1), PR links +
 * "in review" + comment (1), final comment (1).
 *
 * The tracking comment is created once: its id is derived from the issue, found again among the
 * key's own comments (by that id or by TRACKING_MARKER, the renderer's first line), and otherwise
 * taken from the ledger (`IssueRecord.tracking.linearCommentId`) via `comment.id`.
 */
export interface LinearGateway {
  /** A Linear identifier as given, or the Linear twin of a GitHub issue (null with a reason). */
  resolveIssue(target: IssueTarget): Promise<ResolvedIssue>;
  /** One query; cached for `applyChanges` until `refresh`. */
  getIssueContext(idOrIdentifier: string, options?: { refresh?: boolean }): Promise<IssueContext>;
  /** Issues that have an attachment with this URL (a synced GitHub issue's `html_url`), one query. */
  findIssuesForUrl(url: string): Promise<IssueContext[]>;
  applyChanges(changes: IssueChanges): Promise<AppliedChanges>;
  /** Who the key belongs to (for `cyrus status`). */
  viewer(): Promise<LinearViewer>;
}

export interface LinearGatewayOptions {
  client: LinearClient;
  clock?: Clock;
  logger: Logger;
  /** Wall-clock ms per request attempt (default 30 s). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Longest one call waits for Linear's rate limit (clock ms, default 10 minutes). */
  maxRateLimitWaitMs?: number;
  /** Bot logins whose linkback comment maps a GitHub issue to Linear. */
  linkbackBots?: readonly string[];
  random?: () => number;
}

/** `applyChanges` sends at most this many batches (the first, and retries after refusals or timeouts). */
const MAX_BATCH_ROUNDS = 3;

export class SdkLinearGateway implements LinearGateway {
  private readonly transport: LinearTransport;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly contexts = new Map<string, IssueContext>();
  private readonly createdStates = new Map<string, WorkflowStateRef>();
  readonly rateLimits = new RateLimitTracker();

  constructor(private readonly options: LinearGatewayOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger;
    this.transport = new LinearTransport({
      client: options.client,
      clock: this.clock,
      logger: options.logger,
      timeoutMs: options.timeoutMs ?? 30_000,
      retry: { ...DEFAULT_LINEAR_RETRY, ...options.retry },
      maxRateLimitWaitMs: options.maxRateLimitWaitMs ?? 10 * 60_000,
      rateLimits: this.rateLimits,
      random: options.random ?? Math.random,
    });
  }

  /** Requests sent so far by this gateway. */
  get requests(): number {
    return this.transport.requests;
  }

  resolveIssue(target: IssueTarget): Promise<ResolvedIssue> {
    return resolveLinearIssue(this, target, { linkbackBots: this.options.linkbackBots, logger: this.logger });
  }

  async getIssueContext(idOrIdentifier: string, options: { refresh?: boolean } = {}): Promise<IssueContext> {
    const cached = this.contexts.get(idOrIdentifier);
    if (cached && !options.refresh) return cached;
    const what = `reading Linear issue ${idOrIdentifier}`;
    const data = await this.query(
      ISSUE_CONTEXT_QUERY,
      { id: idOrIdentifier },
      IssueContextResponse,
      what,
      () => LINEAR_MESSAGES.notFound(`"${idOrIdentifier}"`),
    );
    return this.remember(toContext(data.issue));
  }

  async findIssuesForUrl(url: string): Promise<IssueContext[]> {
    const data = await this.query(
      ISSUES_FOR_URL_QUERY,
      { url },
      IssuesForUrlResponse,
      `looking up the Linear issue linked to ${url}`,
    );
    const seen = new Map<string, IssueContext>();
    for (const node of data.attachmentsForURL.nodes) {
      if (!seen.has(node.issue.id)) seen.set(node.issue.id, this.remember(toContext(node.issue)));
    }
    return [...seen.values()];
  }

  async viewer(): Promise<LinearViewer> {
    const data = await this.query(VIEWER_QUERY, {}, ViewerResponse, 'reading the Linear user of the key');
    return data.viewer;
  }

  async applyChanges(wanted: IssueChanges): Promise<AppliedChanges> {
    let changes = wanted;
    const before = this.transport.requests;
    let context = await this.getIssueContext(changes.issueId);
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
        result.requests = this.transport.requests - before;
        return result;
      };
      if (operations.length === 0) return finish();

      const { query, variables } = renderBatch(context, operations);
      const what = operations.map(describeOperation).join(', ');
      let reply: { data: unknown; errors: GraphQLErrorInfo[] };
      try {
        reply = await this.transport.send(query, variables, {
          what: `${what} on ${context.identifier}`,
          idempotent: !hasCreates(operations),
        });
      } catch (error) {
        // A timeout or 5xx may have landed part of the batch: re-read the issue, whose comments and
        // children show which creates took effect, and send the rest again.
        if (error instanceof LinearError && error.ambiguous && round + 1 < MAX_BATCH_ROUNDS) {
          this.logger.warning(
            `Linear: ${error.message} Re-reading ${context.identifier} before trying again.`,
          );
          await this.clock.sleep(backoffDelay(round, { baseMs: 1_000, maxMs: 10_000 }, this.options.random));
          context = await this.getIssueContext(context.id, { refresh: true });
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
        this.logger.warning(`Linear refused ${describeOperation(op)} on ${context.identifier}: ${reason}`);
      }
      if (round + 1 >= MAX_BATCH_ROUNDS) return finish();
      // With a non-null payload failing, Linear drops the whole `data`: the operations before it may
      // have landed, the rest did not run. Re-read, then send what is still missing.
      if (reply.data === null) context = await this.getIssueContext(context.id, { refresh: true });
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

  private remember(context: IssueContext): IssueContext {
    this.contexts.set(context.id, context);
    this.contexts.set(context.identifier, context);
    return context;
  }

  /** A read: partial data is used when what the run needs came back; otherwise a clear error. */
  private async query<T>(
    query: string,
    variables: Record<string, unknown>,
    schema: z.ZodType<T>,
    what: string,
    notFound: () => string = () => LINEAR_MESSAGES.notFound('for this request'),
  ): Promise<T> {
    const reply = await this.transport.send(query, variables, { what, idempotent: true });
    const parsed = reply.data === null ? undefined : schema.safeParse(reply.data);
    if (parsed?.success) {
      if (reply.errors.length > 0) {
        this.logger.warning(
          `Linear answered ${what} in part (${describeErrors(reply.errors)}); using what came back.`,
        );
      }
      return parsed.data;
    }
    if (reply.errors.length > 0) throw errorFromGraphQL(reply.errors, what, notFound);
    throw new LinearError(
      'unavailable',
      LINEAR_MESSAGES.unavailable(
        what,
        `the answer does not match Linear's schema: ${parsed?.error.issues[0]?.path.join('.') ?? 'no data'}`,
      ),
    );
  }
}

const NOT_FOUND = /not found|could not find|does not exist/i;

function errorFromGraphQL(
  errors: readonly GraphQLErrorInfo[],
  what: string,
  notFound: () => string,
): LinearError {
  const detail = describeErrors(errors);
  if (
    errors.some(
      (e) => NOT_FOUND.test(e.message) || NOT_FOUND.test(e.extensions?.userPresentableMessage ?? ''),
    )
  ) {
    return new LinearError('not_found', `${notFound()} (Linear said: ${detail})`);
  }
  if (
    errors.some(
      (e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR' || e.extensions?.type === 'internal error',
    )
  ) {
    return new LinearError('unavailable', LINEAR_MESSAGES.unavailable(what, detail));
  }
  return new LinearError('invalid', LINEAR_MESSAGES.invalid(what, detail));
}

function toContext(data: IssueContextData): IssueContext {
  const derived = trackingCommentId(data.id);
  const tracking =
    data.comments.nodes.find((c) => c.id === derived) ??
    data.comments.nodes.find((c) => c.body.includes(TRACKING_MARKER));
  return {
    id: data.id,
    identifier: data.identifier,
    title: data.title,
    description: data.description,
    url: data.url,
    state: data.state,
    team: { id: data.team.id, key: data.team.key, name: data.team.name, states: data.team.states.nodes },
    labels: data.labels.nodes,
    parent: data.parent,
    children: data.children.nodes,
    trackingCommentId: tracking?.id ?? null,
  };
}

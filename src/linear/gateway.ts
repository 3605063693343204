import type { LinearClient } from '@linear/sdk';
import type { z } from 'zod';
import { type Clock, systemClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { ChangeApplier, NOT_FOUND } from './apply-changes.js';
import type { IssueChanges } from './batch.js';
import { LINEAR_MESSAGES, LinearError } from './errors.js';
import { trackingCommentId } from './ids.js';
import { resolveLinearIssue } from './mapping.js';
import {
  ISSUE_CONTEXT_QUERY,
  ISSUES_FOR_URL_QUERY,
  type IssueContextData,
  IssueContextResponse,
  IssuesForUrlResponse,
  type LinearViewer,
  TRACKING_MARKER,
  VIEWER_QUERY,
  ViewerResponse,
} from './queries.js';
import { RateLimitTracker } from './rate-limit.js';
import { type AgentSessionGateway, TransportAgentSessionGateway } from './session/index.js';
import {
  DEFAULT_LINEAR_RETRY,
  describeErrors,
  type GraphQLErrorInfo,
  LinearTransport,
  type RetryPolicy,
} from './transport.js';
import {
  TRIGGERED_ISSUES_QUERY,
  type TriggeredIssuesPage,
  type TriggeredIssuesRequest,
  TriggeredIssuesResponse,
  toTriggeredPage,
  triggeredIssuesVariables,
} from './triggered.js';
import type { AppliedChanges, IssueContext, IssueLookup, LinearGateway, ResolvedIssue } from './types.js';

// The gateway's types live in types.ts (mapping.ts needs them too); they are also exported here.
export type { AppliedChanges, IssueContext, LinearGateway } from './types.js';

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

export class SdkLinearGateway implements LinearGateway {
  private readonly transport: LinearTransport;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly contexts = new Map<string, IssueContext>();
  private readonly changes: ChangeApplier;
  private agentCheck: Promise<boolean> | undefined;
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
    this.changes = new ChangeApplier({
      transport: this.transport,
      clock: this.clock,
      logger: this.logger,
      random: options.random,
      getIssueContext: (id, opts) => this.getIssueContext(id, opts),
    });
  }

  /** Requests sent so far by this gateway. */
  get requests(): number {
    return this.transport.requests;
  }

  resolveIssue(target: IssueLookup): Promise<ResolvedIssue> {
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

  async findTriggeredIssues(request: TriggeredIssuesRequest): Promise<TriggeredIssuesPage> {
    const data = await this.query(
      TRIGGERED_ISSUES_QUERY,
      triggeredIssuesVariables(request),
      TriggeredIssuesResponse,
      `looking for labelled or delegated issues in Linear team(s) ${request.teams.join(', ')}`,
    );
    return toTriggeredPage(data, request.label);
  }

  applyChanges(wanted: IssueChanges): Promise<AppliedChanges> {
    return this.changes.apply(wanted);
  }

  async viewer(): Promise<LinearViewer> {
    const data = await this.query(VIEWER_QUERY, {}, ViewerResponse, 'reading the Linear user of the key');
    return data.viewer;
  }

  async agentSessions(): Promise<AgentSessionGateway | undefined> {
    // A personal key is sent raw, never as Bearer: it is never an app, so no request is spent.
    const authorization = new Headers(this.options.client.options.headers).get('authorization') ?? '';
    if (!authorization.startsWith('Bearer ')) return undefined;
    this.agentCheck ??= this.viewer().then((v) => v.app);
    return (await this.agentCheck) ? new TransportAgentSessionGateway(this.transport) : undefined;
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

import { type LinearClient, LinearGraphQLClient, LinearError as SdkLinearError } from '@linear/sdk';
import { z } from 'zod';
import type { Clock } from '../util/clock.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { plural } from '../util/plural.js';
import { type RetryPolicy, retryAttempts } from '../util/retry.js';
import { LINEAR_MESSAGES, LinearError } from './errors.js';
import { nextAllowedAt, type RateLimitTracker, readRateLimit } from './rate-limit.js';

/** One GraphQL error as Linear sends it; `extensions.code` is what tells a rate limit apart. */
export const GraphQLErrorInfo = z.looseObject({
  message: z.string().catch('unknown error'),
  path: z
    .array(z.union([z.string(), z.number()]))
    .optional()
    .catch(undefined),
  extensions: z
    .looseObject({
      code: z.string().optional().catch(undefined),
      type: z.string().optional().catch(undefined),
      userPresentableMessage: z.string().optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
});
export type GraphQLErrorInfo = z.infer<typeof GraphQLErrorInfo>;

const ErrorList = z.array(GraphQLErrorInfo).catch([]);

/** What Linear answered: data (possibly partial) and GraphQL errors that came with HTTP 200. */
export interface GraphQLReply {
  data: unknown;
  errors: GraphQLErrorInfo[];
  status: number;
}

/** Attempts in all for transient failures (5xx, timeout, network), the first included. */
export type { RetryPolicy };

export const DEFAULT_LINEAR_RETRY: RetryPolicy = { maxAttempts: 4, baseMs: 1_000, maxMs: 20_000 };

export interface TransportOptions {
  client: LinearClient;
  clock: Clock;
  logger: Logger;
  /** Wall-clock ms per attempt. */
  timeoutMs: number;
  retry: RetryPolicy;
  /** Longest one call waits for Linear's rate limit to refill (clock ms); past it the call fails. */
  maxRateLimitWaitMs: number;
  rateLimits: RateLimitTracker;
  random: () => number;
}

export interface SendOptions {
  /** What the request does, for messages: "reading issue ENG-1". */
  what: string;
  /** Safe to send again after a failure that may have taken effect (reads, updates). */
  idempotent: boolean;
  signal?: AbortSignal;
}

type Retryable =
  | { kind: 'rate_limited'; retryAt?: number; detail: string }
  | { kind: 'transient'; detail: string; status?: number };

type Failure = Retryable | { kind: 'final'; error: LinearError };

const AUTH_CODES = new Set(['AUTHENTICATION_ERROR', 'FORBIDDEN', 'UNAUTHENTICATED']);
const AUTH_TYPES = new Set(['authentication error', 'forbidden']);
const INVALID_QUERY_CODES = new Set(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_USER_INPUT']);

function isRateLimitedError(e: GraphQLErrorInfo): boolean {
  return e.extensions?.code === 'RATELIMITED' || e.extensions?.type?.toLowerCase() === 'ratelimited';
}

export function describeErrors(errors: readonly GraphQLErrorInfo[]): string {
  const texts = errors.map((e) => e.extensions?.userPresentableMessage ?? e.message);
  return [...new Set(texts)].join('; ') || 'no detail';
}

/**
 * One GraphQL request over `@linear/sdk`'s client, with a timeout on every attempt, Linear's
 * rate-limit headers respected before sending, RATELIMITED waited out up to a deadline, and
 * transient failures retried with backoff and jitter when the request is safe to repeat.
 */
export class LinearTransport {
  /** Requests sent (attempts included); the gateway's request budget is asserted on it in tests. */
  requests = 0;

  constructor(private readonly options: TransportOptions) {}

  async send(query: string, variables: Record<string, unknown>, opts: SendOptions): Promise<GraphQLReply> {
    const { clock, retry, logger, rateLimits } = this.options;
    const deadline = clock.now() + this.options.maxRateLimitWaitMs;
    const result = await retryAttempts<GraphQLReply, Retryable>(
      async ({ previous }) => {
        if (previous?.kind === 'rate_limited') rateLimits.clearAfterWait();
        await this.waitForBudget(opts, deadline);
        const outcome = await this.attempt(query, variables, opts);
        if ('data' in outcome) return { ok: true, value: outcome };
        if (outcome.kind === 'final') throw outcome.error;
        return { ok: false, failure: outcome };
      },
      {
        policy: retry,
        clock,
        random: this.options.random,
        deadline,
        signal: opts.signal,
        // Linear refuses a rate-limited request before running it, so sending it again is safe,
        // and waiting for the reset uses up no attempt; anything else is sent again only if safe.
        shouldRetry: (failure) => failure.kind === 'rate_limited' || opts.idempotent,
        countsAsAttempt: (failure) => failure.kind !== 'rate_limited',
        // Every job of a key is told the same reset: jitter after it, so they do not all return at once.
        spreadAfterRetryAfter: true,
        retryAfterMs: (failure) =>
          failure.kind === 'rate_limited' && failure.retryAt !== undefined
            ? Math.max(0, failure.retryAt - clock.now())
            : undefined,
        onRetry: (failure, delay) => {
          if (failure.kind === 'rate_limited') {
            logger.info(`Linear rate limit reached while ${opts.what}; waiting ${Math.ceil(delay / 1000)} s`);
          } else {
            logger.debug(`Linear: ${opts.what} failed (${failure.detail}); retry in ${delay} ms`);
          }
        },
      },
    );
    if (result.ok) return result.value;
    const { failure } = result;
    if (failure.kind === 'rate_limited') {
      const retryAt = result.nextAt ?? failure.retryAt ?? clock.now();
      throw new LinearError('rate_limited', LINEAR_MESSAGES.rateLimited(new Date(retryAt).toISOString()), {
        retryAt,
      });
    }
    if (result.reason === 'final') {
      throw new LinearError('unavailable', LINEAR_MESSAGES.unavailable(opts.what, failure.detail), {
        status: failure.status,
        ambiguous: true,
      });
    }
    const detail =
      result.reason === 'attempts'
        ? `${failure.detail}; ${plural(retry.maxAttempts, 'attempt')}`
        : failure.detail;
    throw new LinearError('unavailable', LINEAR_MESSAGES.unavailable(opts.what, detail), {
      status: failure.status,
    });
  }

  /** Holds back while the last reported budget is spent, up to the call's deadline. */
  private async waitForBudget(opts: SendOptions, deadline: number): Promise<void> {
    const { clock, rateLimits } = this.options;
    const wait = rateLimits.waitMs(clock.now());
    if (wait <= 0) return;
    const until = clock.now() + wait;
    if (until > deadline) {
      throw new LinearError('rate_limited', LINEAR_MESSAGES.rateLimited(new Date(until).toISOString()), {
        retryAt: until,
      });
    }
    this.options.logger.info(
      `Linear budget for this key is spent; waiting ${Math.ceil(wait / 1000)} s before ${opts.what}`,
    );
    await clock.sleep(wait, opts.signal);
    rateLimits.clearAfterWait();
  }

  private async attempt(
    query: string,
    variables: Record<string, unknown>,
    opts: SendOptions,
  ): Promise<GraphQLReply | Failure> {
    const { client, clock, rateLimits, timeoutMs } = this.options;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
    // Same URL and headers as the SDK client, plus this attempt's signal.
    const graphql = new LinearGraphQLClient(client.options.apiUrl, { ...client.options, signal });
    this.requests += 1;
    try {
      const response = await graphql.rawRequest<unknown, Record<string, unknown>>(query, variables);
      rateLimits.record(readRateLimit(response.headers, clock.now()), clock.now());
      return { data: response.data ?? null, errors: [], status: response.status ?? 200 };
    } catch (error) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      if (error instanceof SdkLinearError) return this.fromSdkError(error, opts);
      const detail = timeout.aborted
        ? `no answer within ${Math.round(timeoutMs / 1000)} s`
        : errorMessage(error);
      return { kind: 'transient', detail };
    }
  }

  private fromSdkError(error: SdkLinearError, opts: SendOptions): GraphQLReply | Failure {
    const response = error.raw?.response;
    const now = this.options.clock.now();
    const limits = readRateLimit(response?.headers, now);
    this.options.rateLimits.record({ ...limits, retryAt: undefined }, now);
    const status = response?.status ?? error.status ?? 0;
    const errors = ErrorList.parse(response?.errors ?? []);
    const detail =
      errors.length > 0 ? describeErrors(errors) : (response?.error?.slice(0, 200) ?? error.message);

    // The SDK files RATELIMITED (often HTTP 400) under an unknown error class: check the code.
    if (status === 429 || errors.some(isRateLimitedError)) {
      // Refused as a whole: at least one request's worth of budget must refill.
      const spentLimits = { ...limits, requestsRemaining: Math.min(0, limits.requestsRemaining ?? 0) };
      const retryAt = nextAllowedAt(spentLimits, now);
      return { kind: 'rate_limited', retryAt, detail };
    }
    const authFailed =
      status === 401 ||
      status === 403 ||
      errors.some(
        (e) => AUTH_CODES.has(e.extensions?.code ?? '') || AUTH_TYPES.has(e.extensions?.type ?? ''),
      );
    if (authFailed) {
      return { kind: 'final', error: new LinearError('auth', LINEAR_MESSAGES.auth(detail), { status }) };
    }
    if (status >= 500 || status === 0 || (status !== 200 && errors.length === 0)) {
      return { kind: 'transient', detail: `HTTP ${status}: ${detail}`, status };
    }
    if (errors.some((e) => INVALID_QUERY_CODES.has(e.extensions?.code ?? ''))) {
      return {
        kind: 'final',
        error: new LinearError('invalid', LINEAR_MESSAGES.invalid(opts.what, detail), { status }),
      };
    }
    // GraphQL errors (with HTTP 200, or a 4xx such as "Entity not found"): the caller judges what the
    // possibly partial data is worth.
    return { data: response?.data ?? null, errors, status };
  }
}

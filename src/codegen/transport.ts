import type { z } from 'zod';
import { parseRetryAfter } from '../util/backoff.js';
import type { Clock } from '../util/clock.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { plural } from '../util/plural.js';
import { type AttemptResult, type RetryPolicy, retryAttempts } from '../util/retry.js';
import type { CircuitBreaker } from './breaker.js';
import {
  CodegenAuthError,
  type CodegenError,
  CodegenQuotaError,
  CodegenRequestError,
  CodegenResponseError,
  CodegenUnavailableError,
} from './errors.js';
import type { CodegenRateLimits, RequestKind } from './rate-limiter.js';
import { describeErrorBody } from './schemas.js';

export type { RetryPolicy };

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, baseMs: 1_000, maxMs: 30_000 };

export interface TransportOptions {
  baseUrl: string;
  token: string;
  orgId?: number;
  clock: Clock;
  logger: Logger;
  limits: CodegenRateLimits;
  breaker: CircuitBreaker;
  retry: RetryPolicy;
  /** Wall-clock ms per attempt: network latency does not shrink with a scaled clock. */
  timeoutMs: number;
  fetch: typeof fetch;
  random: () => number;
}

export interface RequestSpec<T> {
  kind: RequestKind;
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  schema: z.ZodType<T>;
  /** What the call does, for messages: "creating an agent run". */
  what: string;
  /** Maps statuses this endpoint gives a meaning of its own (404 on create). */
  onStatus?: (status: number, detail: string | undefined) => CodegenError | undefined;
  signal?: AbortSignal;
  /**
   * Runs before retrying after an ambiguous failure (the request may have taken effect, e.g. a
   * create that timed out). A value it returns ends the call with that value.
   */
  beforeRetry?: () => Promise<T | undefined>;
}

interface Failure {
  error: CodegenError;
  retry: boolean;
  ambiguous: boolean;
  retryAfterMs?: number;
}

type Outcome<T> = AttemptResult<T, Failure>;

/** One Codegen request: rate limit, circuit breaker, timeout, retries with backoff and jitter. */
export class CodegenTransport {
  constructor(private readonly options: TransportOptions) {}

  async request<T>(spec: RequestSpec<T>): Promise<T> {
    const { clock, breaker, retry, limits } = this.options;
    const limiter = limits.for(spec.kind);
    const result = await retryAttempts<T, Failure>(
      async ({ previous }) => {
        // The request may have taken effect (a create that timed out): look before sending again.
        if (previous?.ambiguous && spec.beforeRetry) {
          const found = await spec.beforeRetry();
          if (found !== undefined) return { ok: true, value: found };
        }
        if (!breaker.tryPass()) throw this.circuitOpen(spec.what);
        const release = await limiter.acquire(spec.signal);
        let outcome: Outcome<T>;
        try {
          outcome = await this.attempt(spec);
        } finally {
          release();
        }
        // Every request of this kind holds back for as long as Codegen asked, retried or not.
        const failure = outcome.ok ? undefined : outcome.failure;
        if (failure?.retryAfterMs !== undefined && failure.error.status === 429) {
          limiter.pauseUntil(clock.now() + failure.retryAfterMs);
        }
        return outcome;
      },
      {
        policy: retry,
        clock,
        random: this.options.random,
        signal: spec.signal,
        shouldRetry: (failure) => failure.retry && breaker.state !== 'open',
        retryAfterMs: (failure) => failure.retryAfterMs,
        onRetry: (failure, delay, attempts) => {
          this.options.logger.debug(
            `Codegen ${spec.method} ${spec.path}: ${failure.error.message}; retry ${attempts + 1}/${retry.maxAttempts} in ${delay} ms`,
          );
        },
      },
    );
    if (result.ok) return result.value;
    const { failure } = result;
    if (result.reason === 'final') {
      if (failure.retry) throw this.circuitOpen(spec.what, failure.error);
      throw failure.error;
    }
    throw new CodegenUnavailableError(
      `Codegen did not answer ${spec.what} after ${plural(retry.maxAttempts, 'attempt')} (last: ${failure.error.message}). ` +
        'Codegen may be down; work falls back to local execution.',
      false,
      failure.error.status,
      { cause: failure.error },
    );
  }

  private circuitOpen(what: string, cause?: unknown): CodegenUnavailableError {
    const { breaker } = this.options;
    return new CodegenUnavailableError(
      `Codegen is unavailable: ${breaker.consecutiveFailures} requests in a row failed ` +
        `(last: ${breaker.lastFailure || 'unknown'}), so ${what} was not attempted. ` +
        'Work falls back to local execution; the cloud is tried again after a cooldown.',
      true,
      undefined,
      { cause },
    );
  }

  private async attempt<T>(spec: RequestSpec<T>): Promise<Outcome<T>> {
    const { breaker, logger } = this.options;
    const transient = (message: string, status?: number, retryAfterMs?: number): Outcome<T> => {
      if (status !== 429) breaker.recordFailure(message);
      else breaker.recordNeutral();
      const error = new CodegenUnavailableError(message, false, status);
      return { ok: false, failure: { error, retry: true, ambiguous: status !== 429, retryAfterMs } };
    };

    let response: Response;
    let text: string;
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = spec.signal ? AbortSignal.any([spec.signal, timeout]) : timeout;
    try {
      response = await this.options.fetch(this.url(spec), {
        method: spec.method,
        headers: {
          Authorization: `Bearer ${this.options.token}`,
          Accept: 'application/json',
          'User-Agent': 'codegen-action',
          ...(spec.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal,
      });
      text = await response.text();
    } catch (error) {
      if (spec.signal?.aborted) throw spec.signal.reason;
      if (timeout.aborted) return transient(`no answer within ${this.options.timeoutMs} ms`);
      return transient(`network error: ${networkReason(error)}`);
    }
    logger.debug(`Codegen ${spec.method} ${spec.path} → ${response.status}`);

    const status = response.status;
    const json = parseJson(text);
    if (status >= 200 && status < 300) {
      if (json === undefined)
        return transient(
          `${spec.what}: the answer is not JSON (${JSON.stringify(text.slice(0, 60))})`,
          status,
        );
      const parsed = spec.schema.safeParse(json);
      breaker.recordSuccess();
      if (!parsed.success)
        return {
          ok: false,
          failure: {
            error: new CodegenResponseError(spec.what, summarise(parsed.error)),
            retry: false,
            ambiguous: false,
          },
        };
      return { ok: true, value: parsed.data };
    }
    const detail = describeErrorBody(json);
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.options.clock.now());
    if (status === 429)
      return transient(`rate limited (HTTP 429${detail ? `: ${detail}` : ''})`, 429, retryAfterMs);
    if (status >= 500 || status === 408)
      return transient(`HTTP ${status}${detail ? `: ${detail}` : ''}`, status, retryAfterMs);

    breaker.recordNeutral();
    const error =
      spec.onStatus?.(status, detail) ??
      (status === 401 || status === 403
        ? new CodegenAuthError(status, this.options.orgId, detail)
        : status === 402
          ? new CodegenQuotaError(detail)
          : new CodegenRequestError(spec.what, status, detail));
    return { ok: false, failure: { error, retry: false, ambiguous: false } };
  }

  private url(spec: RequestSpec<unknown>): string {
    const url = new URL(`${this.options.baseUrl.replace(/\/+$/, '')}${spec.path}`);
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function networkReason(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause && typeof cause === 'object' && 'code' in cause)
    return `${String(cause.code)} (${errorMessage(cause)})`;
  return errorMessage(error);
}

function summarise(error: z.ZodError): string {
  const lines = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(body)';
    return `${path}: ${issue.message}`;
  });
  return error.issues.length > 3
    ? `${lines.join('; ')}; and ${error.issues.length - 3} more`
    : lines.join('; ');
}

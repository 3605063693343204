import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import {
  ProxyDispatchers,
  type ProxyEnvironment,
  proxyAwareFetch,
  readProxyEnvironment,
} from '../http/index.js';
import type { Logger } from '../util/logger.js';

export const GitHubClient = Octokit.plugin(retry, throttling);
export type GitHubClient = InstanceType<typeof GitHubClient>;

export interface GitHubClientOptions {
  token: string;
  /** `GITHUB_API_URL` on a runner; a stand-in's URL in tests. */
  baseUrl?: string;
  logger?: Logger;
  /** Per-request timeout; every call to GitHub is bounded. */
  timeoutMs?: number;
  /** Retries after a primary or secondary rate limit before giving up. */
  rateLimitRetries?: number;
  /** Retries of a 5xx or a timed-out request (default 3), waiting retryBaseMs·n² before the n-th. */
  serverErrorRetries?: number;
  /** Default 1000 ms. */
  retryBaseMs?: number;
  /**
   * Clients with the same id share one throttle (GitHub asks for a second between writes per
   * client). Separate jobs have separate throttles; tests that model several jobs in one process
   * give each its own id.
   */
  throttleId?: string;
  /** Where HTTPS_PROXY / HTTP_PROXY / NO_PROXY send requests; read from the process by default. */
  proxies?: ProxyEnvironment;
}

/**
 * Octokit with the retry and throttling plugins, a timeout on every request and the runner's
 * API URL. Rate-limit waits are honoured (they carry `retry-after`), a bounded number of times.
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const retries = options.rateLimitRetries ?? 3;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const client = new GitHubClient({
    auth: options.token,
    // The timeout lives in fetch so that every attempt, retries included, gets a fresh deadline.
    request: {
      fetch: fetchWithTimeout(
        timeoutMs,
        proxyAwareFetch(new ProxyDispatchers(options.proxies ?? readProxyEnvironment(process.env))),
      ),
    },
    // Rate limits (403/429) are the throttling plugin's to retry, bounded by rateLimitRetries; a 409
    // is a compare-and-swap conflict for the caller to resolve, not a transient failure.
    retry: {
      doNotRetry: [400, 401, 403, 404, 409, 410, 422, 429, 451],
      retries: options.serverErrorRetries ?? 3,
      retryAfterBaseValue: options.retryBaseMs ?? 1000,
    },
    baseUrl: (options.baseUrl ?? 'https://api.github.com').replace(/\/$/, ''),
    userAgent: 'codegen-action',
    log: {
      debug: (m: string) => options.logger?.debug(m),
      info: (m: string) => options.logger?.debug(m),
      warn: (m: string) => options.logger?.warning(m),
      error: (m: string) => options.logger?.debug(m),
    },
    throttle: {
      id: options.throttleId ?? 'codegen-action',
      onRateLimit: (after: number, request: { method: string; url: string }, _o: unknown, count: number) => {
        options.logger?.warning(
          `GitHub rate limit on ${request.method} ${request.url}; retrying in ${after}s`,
        );
        return count < retries;
      },
      onSecondaryRateLimit: (
        after: number,
        request: { method: string; url: string },
        _o: unknown,
        count: number,
      ) => {
        options.logger?.warning(
          `GitHub secondary rate limit on ${request.method} ${request.url}; retrying in ${after}s`,
        );
        return count < retries;
      },
    },
  });
  return client;
}

function fetchWithTimeout(timeoutMs: number, send: typeof fetch): typeof fetch {
  return (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    return send(input, { ...init, signal });
  };
}

/** Which requests a fault applies to; all when omitted. */
export interface FaultFilter {
  method?: string;
  path?: RegExp;
}

export type Fault =
  | { kind: 'secondary-rate-limit'; status: 403 | 429; retryAfterSeconds: number }
  | { kind: 'server-error'; status: number }
  | { kind: 'hang' };

interface Queued {
  fault: Fault;
  remaining: number;
  filter: FaultFilter;
}

/**
 * Knobs that make the stand-in misbehave like GitHub does: secondary rate limits, 5xx, slowness,
 * requests that never answer. Each fault applies to the next n matching requests, in order.
 */
export class GitHubFaults {
  /** Delay before every API response. */
  latencyMs = 0;
  private readonly queue: Queued[] = [];

  secondaryRateLimit(
    n: number,
    options: { status?: 403 | 429; retryAfterSeconds?: number } & FaultFilter = {},
  ): void {
    const { status = 403, retryAfterSeconds = 1, ...filter } = options;
    this.queue.push({
      fault: { kind: 'secondary-rate-limit', status, retryAfterSeconds },
      remaining: n,
      filter,
    });
  }

  serverError(n: number, status = 502, filter: FaultFilter = {}): void {
    this.queue.push({ fault: { kind: 'server-error', status }, remaining: n, filter });
  }

  /** The next n matching requests get no answer until the client gives up (or the stand-in closes). */
  hang(n: number, filter: FaultFilter = {}): void {
    this.queue.push({ fault: { kind: 'hang' }, remaining: n, filter });
  }

  reset(): void {
    this.queue.length = 0;
    this.latencyMs = 0;
  }

  /** Consumes the fault for this request, if one is queued for it. */
  take(method: string, path: string): Fault | undefined {
    const entry = this.queue.find(
      (q) =>
        q.remaining > 0 &&
        (!q.filter.method || q.filter.method === method) &&
        (!q.filter.path || q.filter.path.test(path)),
    );
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.queue.splice(this.queue.indexOf(entry), 1);
    return entry.fault;
  }
}

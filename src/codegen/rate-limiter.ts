import type { Clock } from '../util/clock.js';

export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** Codegen's published limits (docs): create 10/min, reads 60/30 s, logs 60/min. */
export const CODEGEN_RATE_LIMITS = {
  create: { limit: 10, windowMs: 60_000 },
  read: { limit: 60, windowMs: 30_000 },
  logs: { limit: 60, windowMs: 60_000 },
} as const satisfies Record<string, RateLimit>;

export type RequestKind = keyof typeof CODEGEN_RATE_LIMITS;

/**
 * Where a request's slot starts counting. `answer` (for a server's limit): from when it is sent
 * until one window after its answer arrived; the server saw it no later than that, so the server
 * never sees more in its window than allowed, whatever the latency. `send` (for a self-imposed
 * budget): one window from when it was sent.
 */
export type CountFrom = 'answer' | 'send';

/** A sliding-window limiter, first come first served. */
export class SlidingWindowLimiter {
  private readonly answeredAt: number[] = [];
  private inFlight = 0;
  private waiting = 0;
  private pausedUntil = 0;
  private queue: Promise<void> = Promise.resolve();
  private onRelease: (() => void)[] = [];
  /** Requests let through so far. */
  granted = 0;

  constructor(
    readonly name: string,
    readonly rate: RateLimit,
    private readonly clock: Clock,
    private readonly countFrom: CountFrom = 'answer',
  ) {
    if (rate.limit < 1 || rate.windowMs <= 0) throw new Error(`invalid rate limit for ${name}`);
  }

  /** Waits for a slot (or until `signal` aborts) and returns the function that frees it. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    const turn = this.queue.then(() => this.waitForSlot(signal));
    this.queue = turn.then(
      () => undefined,
      () => undefined,
    );
    this.waiting += 1;
    try {
      await turn;
    } finally {
      this.waiting -= 1;
    }
    return this.releaser();
  }

  /** A slot now if one is free and nobody is queued, else undefined; never waits. */
  tryAcquire(): (() => void) | undefined {
    const now = this.clock.now();
    this.prune(now);
    if (
      this.waiting > 0 ||
      now < this.pausedUntil ||
      this.inFlight + this.answeredAt.length >= this.rate.limit
    ) {
      return undefined;
    }
    this.take(now);
    return this.releaser();
  }

  private take(now: number): void {
    this.granted += 1;
    if (this.countFrom === 'send') this.answeredAt.push(now);
    else this.inFlight += 1;
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released || this.countFrom === 'send') return;
      released = true;
      this.inFlight -= 1;
      this.answeredAt.push(this.clock.now());
      for (const wake of this.onRelease.splice(0)) wake();
    };
  }

  /** After a 429: nobody goes until `at` (clock time). */
  pauseUntil(at: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, at);
  }

  /** Slots in use now (in flight or answered within the window). */
  inUse(): number {
    this.prune(this.clock.now());
    return this.inFlight + this.answeredAt.length;
  }

  private prune(now: number): void {
    while (this.answeredAt.length > 0 && (this.answeredAt[0] ?? 0) + this.rate.windowMs <= now)
      this.answeredAt.shift();
  }

  private async waitForSlot(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock.now();
      this.prune(now);
      if (now < this.pausedUntil) {
        await this.clock.sleep(this.pausedUntil - now, signal);
        continue;
      }
      if (this.inFlight + this.answeredAt.length < this.rate.limit) {
        this.take(now);
        return;
      }
      const oldest = this.answeredAt[0];
      if (oldest !== undefined) await this.clock.sleep(oldest + this.rate.windowMs - now, signal);
      else await this.nextRelease(signal);
    }
  }

  private nextRelease(signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.onRelease.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }
}

/** One limiter per kind of request, shared by every task of a job (one client per job). */
export class CodegenRateLimits {
  readonly create: SlidingWindowLimiter;
  readonly read: SlidingWindowLimiter;
  readonly logs: SlidingWindowLimiter;

  constructor(clock: Clock, limits: Record<RequestKind, RateLimit> = CODEGEN_RATE_LIMITS) {
    this.create = new SlidingWindowLimiter('create', limits.create, clock);
    this.read = new SlidingWindowLimiter('read', limits.read, clock);
    this.logs = new SlidingWindowLimiter('logs', limits.logs, clock);
  }

  for(kind: RequestKind): SlidingWindowLimiter {
    return this[kind];
  }
}

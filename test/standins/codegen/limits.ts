import type { Clock } from '../../../src/util/clock.js';

export type LimitKind = 'create' | 'read' | 'logs';

export interface WindowLimit {
  limit: number;
  windowMs: number;
}

/** Codegen's published limits: create 10/min, reads 60/30 s, logs 60/min. */
export const PUBLISHED_LIMITS: Record<LimitKind, WindowLimit> = {
  create: { limit: 10, windowMs: 60_000 },
  read: { limit: 60, windowMs: 30_000 },
  logs: { limit: 60, windowMs: 60_000 },
};

/** Server-side sliding windows by arrival time, in the stand-in's (simulated) clock. */
export class ServerRateLimits {
  private readonly arrivals: Record<LimitKind, number[]> = { create: [], read: [], logs: [] };

  constructor(
    private readonly clock: Clock,
    private readonly limits: Record<LimitKind, WindowLimit>,
  ) {}

  /** Admits the request (and counts it), or returns the seconds to wait. */
  admit(kind: LimitKind): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const now = this.clock.now();
    const { limit, windowMs } = this.limits[kind];
    const list = this.arrivals[kind];
    while (list.length > 0 && (list[0] ?? 0) <= now - windowMs) list.shift();
    if (list.length >= limit) {
      const oldest = list[0] ?? now;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)) };
    }
    list.push(now);
    return { ok: true };
  }
}

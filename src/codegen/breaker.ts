import type { Clock } from '../util/clock.js';

export interface BreakerOptions {
  /** Consecutive failed attempts (5xx, network, timeout) that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one probe is let through. */
  cooldownMs: number;
}

export const DEFAULT_BREAKER: BreakerOptions = { failureThreshold: 5, cooldownMs: 60_000 };

export type BreakerState = 'closed' | 'open' | 'half_open';

/**
 * Stops calling a Codegen that keeps failing, so tasks fall back to local execution at once
 * instead of each burning its retries. After the cooldown one probe decides whether it closes.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private probing = false;
  /** Why it last opened, for the user-facing message. */
  lastFailure = '';

  constructor(
    private readonly clock: Clock,
    readonly options: BreakerOptions = DEFAULT_BREAKER,
  ) {}

  get state(): BreakerState {
    if (this.openedAt === undefined) return 'closed';
    return this.clock.now() - this.openedAt >= this.options.cooldownMs ? 'half_open' : 'open';
  }

  /** False while open: the orchestrator should not dispatch to the cloud. */
  isAvailable(): boolean {
    return this.state !== 'open';
  }

  /** Whether a request may go now; in half-open only one probe at a time. */
  tryPass(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.probing) return false;
    this.probing = true;
    return true;
  }

  recordSuccess(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.probing = false;
  }

  recordFailure(reason: string): void {
    this.failures += 1;
    this.lastFailure = reason;
    if (this.probing || this.failures >= this.options.failureThreshold) {
      this.openedAt = this.clock.now();
      this.probing = false;
    }
  }

  /** A definite answer that is not a failure of the service (4xx): releases a probe without judging. */
  recordNeutral(): void {
    if (this.probing) this.recordSuccess();
  }

  get consecutiveFailures(): number {
    return this.failures;
  }
}

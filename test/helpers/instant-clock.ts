import type { Clock } from '../../src/util/clock.js';

/** A clock whose sleeps return at once, moving time forward: waits are recorded, not spent. */
export class InstantClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(private t = Date.UTC(2025, 9, 7, 12)) {}
  now(): number {
    return this.t;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.t += Math.max(0, ms);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

import type { Clock } from '../../src/util/clock.js';
import { TEST_EPOCH } from './fixed-time.js';

/** A clock that moves only when the test says so: a sleep resolves once `advance` passes its end. */
export class ManualClock implements Clock {
  private t = TEST_EPOCH;
  private sleepers: { until: number; resolve: () => void }[] = [];

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    return new Promise<void>((resolve, reject) => {
      const sleeper = { until: this.t + Math.max(0, ms), resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** Moves time on and wakes every sleep that ends by then, letting their work settle. */
  async advance(ms: number): Promise<void> {
    this.t += ms;
    const due = this.sleepers.filter((s) => s.until <= this.t);
    this.sleepers = this.sleepers.filter((s) => s.until > this.t);
    for (const s of due) s.resolve();
    await new Promise((r) => setTimeout(r, 0));
  }

  get pending(): number {
    return this.sleepers.length;
  }
}

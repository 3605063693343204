/** Time, injectable: tests and the benchmark run on a scaled or manual clock. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * A clock where one real millisecond counts as `scale` simulated ones.
 * The benchmark uses it to run 30-minute tasks in a fraction of a second.
 */
export function scaledClock(scale: number, origin = Date.now()): Clock {
  const start = Date.now();
  return {
    now: () => origin + (Date.now() - start) * scale,
    sleep: (ms, signal) => systemClock.sleep(ms / scale, signal),
  };
}

import { type Clock, scaledClock } from '../../src/util/clock.js';

/**
 * The instant every simulated clock in the tests starts at: noon UTC, so that no test, whatever
 * the hour it runs, sees its simulated day end under it (a test that read the real time failed
 * between 22:50 and midnight).
 */
export const TEST_EPOCH = Date.UTC(2026, 0, 15, 12);

/** Real-speed (or `scale`× faster) time that starts at TEST_EPOCH: sleeps really wait. */
export function testClock(scale = 1): Clock {
  return scaledClock(scale, TEST_EPOCH);
}

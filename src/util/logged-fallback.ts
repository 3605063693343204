import { errorMessage } from './errors.js';
import type { Logger } from './logger.js';

/**
 * A catch handler that says what failed and what is used instead, then returns the fallback:
 * `.catch(loggedFallback(logger, 'reading the ledger', null, 'planning afresh'))`. For reads the
 * job can do without; nothing that decides an outside effect may fall back this way.
 */
export function loggedFallback<T>(
  logger: Pick<Logger, 'warning'>,
  what: string,
  fallback: T,
  instead: string,
): (error: unknown) => T {
  return (error) => {
    logger.warning(`${what} failed (${errorMessage(error)}); ${instead}`);
    return fallback;
  };
}

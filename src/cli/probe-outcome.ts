import type { Logger } from '../util/logger.js';

/** One line of `cyrus status`: ready, not ready (with the reason), or not set up and not needed. */
export interface CheckOutcome {
  status: 'ok' | 'failed' | 'skipped';
  /** The headline after the name: `Ready`, the reason it is not, or `Not configured`. */
  summary: string;
  /** A second line: what was found, or what to do. */
  detail?: string;
}

export const ok = (summary: string, detail?: string): CheckOutcome => ({ status: 'ok', summary, detail });
export const failed = (summary: string, detail?: string): CheckOutcome => ({
  status: 'failed',
  summary,
  detail,
});
export const skipped = (summary: string, detail?: string): CheckOutcome => ({
  status: 'skipped',
  summary,
  detail,
});

export interface ProbeSettings {
  timeoutMs: number;
  logger: Logger;
}

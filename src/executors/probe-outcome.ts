import type { CheckOutcome } from './module.js';

export type { CheckOutcome } from './module.js';

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

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

/** A variable of the terminal's environment, trimmed; undefined when unset or blank. */
export function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

import type { WorkMode } from '../events/index.js';
import { UserError } from '../util/errors.js';
import type { ModeHandler } from './context.js';

export type { ModeContext, ModeHandler, ModeOutcome } from './context.js';

/**
 * One handler per mode. A mode whose capability is not in this build says so plainly
 * instead of pretending to work.
 */
export function handlerFor(mode: WorkMode, handlers: Partial<Record<WorkMode, ModeHandler>>): ModeHandler {
  const handler = handlers[mode];
  if (handler) return handler;
  return async () => {
    throw new UserError(
      `Mode "${mode}" is not available in this version of codegen-action; pin a release that lists it in the README, or set \`dry-run: true\` to plan and price only.`,
    );
  };
}

import type { WorkMode } from '../events/index.js';
import { UserError } from '../util/errors.js';
import type { ModeHandler } from './context.js';
import { executeMode } from './execute.js';
import { planMode } from './plan.js';
import { reconcileMode } from './reconcile.js';
import { runMode } from './run.js';
import { sweepMode } from './sweep.js';
import { validateMode } from './validate.js';

export const MODE_HANDLERS: Partial<Record<WorkMode, ModeHandler>> = {
  run: runMode,
  plan: planMode,
  execute: executeMode,
  reconcile: reconcileMode,
  sweep: sweepMode,
  validate: validateMode,
};

/**
 * One handler per mode. A mode whose capability is not in this build says so plainly
 * instead of pretending to work.
 */
export function handlerFor(
  mode: WorkMode,
  handlers: Partial<Record<WorkMode, ModeHandler>> = MODE_HANDLERS,
): ModeHandler {
  const handler = handlers[mode];
  if (handler) return handler;
  return async () => {
    throw new UserError(
      `Mode "${mode}" is not available in this version of codegen-action; pin a release that lists it in the README, or set \`dry-run: true\` to plan and price only.`,
    );
  };
}

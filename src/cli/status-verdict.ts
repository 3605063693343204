import type { Strategy } from '../config/index.js';
import type { CheckOutcome, ExecutorModule } from '../executors/index.js';

/** Strategies that cannot run a task without an executor off the runner (the others go local). */
const NEEDS_CLOUD: ReadonlySet<Strategy> = new Set(['cloud-only', 'hybrid-parallel']);

/**
 * An executor's line of `cyrus status` and whether it counts, in one verdict: a line that does
 * not make the command fail is never ❌, and one that does is never ➖. Decided by the module's
 * capabilities and the strategy, never by its name. `strategy` is undefined when the config does
 * not resolve.
 */
export function executorVerdict(
  module: Pick<ExecutorModule, 'label' | 'capabilities' | 'status'>,
  strategy: Strategy | undefined,
  outcome: CheckOutcome,
): CheckOutcome & { required: boolean } {
  if (module.status?.alwaysRequired) return { ...outcome, required: true };
  if (module.capabilities.needsRunner) return { ...outcome, required: outcome.status !== 'skipped' };
  return cloudVerdict(module.label, strategy, outcome);
}

function cloudVerdict(
  label: string,
  strategy: Strategy | undefined,
  cloud: CheckOutcome,
): CheckOutcome & { required: boolean } {
  if (strategy === undefined) return { ...cloud, required: cloud.status !== 'skipped' };
  if (NEEDS_CLOUD.has(strategy)) {
    if (cloud.status !== 'skipped') return { ...cloud, required: true };
    return {
      status: 'failed',
      summary: `${cloud.summary}, but strategy ${strategy} sends every task to ${label}`,
      detail: cloud.detail,
      required: true,
    };
  }
  if (strategy === 'local-only') {
    if (cloud.status !== 'failed') return { ...cloud, required: false };
    return {
      status: 'skipped',
      summary: 'Not used (strategy local-only)',
      detail: `${cloud.summary}${cloud.detail ? `; ${cloud.detail}` : ''}`,
      required: false,
    };
  }
  // hybrid-smart and cost-optimized: a cloud executor set up is meant to be used, so a broken one
  // counts; without one, every task runs locally, which is a working setup.
  if (cloud.status !== 'skipped') return { ...cloud, required: true };
  return {
    ...cloud,
    detail: `strategy ${strategy} runs every task locally without it; to use the cloud, ${cloud.detail ?? `configure ${label}`}`,
    required: false,
  };
}

import type { Strategy } from '../config/index.js';
import type { CheckOutcome } from './status-checks.js';

/** Strategies that cannot run a task without Codegen (the others go local when it is absent). */
const NEEDS_CLOUD: ReadonlySet<Strategy> = new Set(['cloud-only', 'hybrid-parallel']);

/**
 * The Codegen line of `cyrus status` and whether it counts, in one verdict: a line that does not
 * make the command fail is never ❌, and one that does is never ➖. `strategy` is undefined when the
 * config does not resolve.
 */
export function cloudVerdict(
  strategy: Strategy | undefined,
  cloud: CheckOutcome,
): CheckOutcome & { required: boolean } {
  if (strategy === undefined) return { ...cloud, required: cloud.status !== 'skipped' };
  if (NEEDS_CLOUD.has(strategy)) {
    if (cloud.status !== 'skipped') return { ...cloud, required: true };
    return {
      status: 'failed',
      summary: `${cloud.summary}, but strategy ${strategy} sends every task to Codegen`,
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
  // hybrid-smart and cost-optimized: a Codegen set up is meant to be used, so a broken one counts;
  // without one, every task runs locally, which is a working setup.
  if (cloud.status !== 'skipped') return { ...cloud, required: true };
  return {
    ...cloud,
    detail: `strategy ${strategy} runs every task locally without it; to use the cloud, ${cloud.detail ?? 'configure Codegen'}`,
    required: false,
  };
}

import type { ExecutorLocation } from '../../domain/index.js';
import { type StrategyPolicy, settle, successRate } from './policy.js';

/**
 * The executor with the lowest expected cost per successful task (estimate ÷ success rate, the
 * rate from past runs in the ledger) that fits the budget; a tie goes local (no quota used).
 */
export const costOptimized: StrategyPolicy = {
  name: 'cost-optimized',
  choose(input) {
    const perSuccess = (location: ExecutorLocation) =>
      input.expectedCostUsd[location] / successRate(input.history[location]);
    const local = perSuccess('local');
    const cloud = perSuccess('cloud');
    const preferred: ExecutorLocation = cloud < local ? 'cloud' : 'local';
    return settle(
      preferred,
      `cost-optimized: expected $${local.toFixed(2)} per success locally, $${cloud.toFixed(2)} on Codegen`,
      input,
    );
  },
};

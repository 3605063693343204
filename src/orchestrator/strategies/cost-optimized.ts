import {
  blockReason,
  type Candidate,
  costPerSuccess,
  placeOf,
  type StrategyPolicy,
  settle,
} from './policy.js';

/**
 * The executor with the lowest expected cost per successful task (estimate ÷ success rate, the
 * rate from past runs in the ledger) that fits the budget; a tie goes local (no quota used).
 */
export const costOptimized: StrategyPolicy = {
  name: 'cost-optimized',
  choose(input) {
    const usable = input.candidates.filter((c) => blockReason(c, input) === undefined);
    const runners = usable.filter((c) => placeOf(c) === 'runner').length;
    const where = (c: Candidate) => (placeOf(c) === 'runner' && runners <= 1 ? 'locally' : `on ${c.label}`);
    const figures = input.candidates
      .filter((c) => c.available.ok)
      .sort((a, b) => Number(placeOf(b) === 'runner') - Number(placeOf(a) === 'runner'))
      .map((c, i) => `$${costPerSuccess(c).toFixed(2)}${i === 0 ? ' per success' : ''} ${where(c)}`);
    const best = [...usable].sort(
      (a, b) =>
        costPerSuccess(a) - costPerSuccess(b) ||
        Number(placeOf(b) === 'runner') - Number(placeOf(a) === 'runner'),
    )[0];
    const why = `cost-optimized: expected ${figures.join(', ') || 'no usable executor'}`;
    if (best) return { executor: best.name, reason: why };
    return settle('runner', why, input);
  },
};

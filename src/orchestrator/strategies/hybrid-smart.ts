import {
  costPerSuccess,
  ORCHESTRATION_KINDS,
  ranked,
  type StrategyPolicy,
  settle,
  successRate,
} from './policy.js';

/** Below this many cloud runs, history is too thin to overrule the task's own shape. */
const MIN_HISTORY = 5;

/**
 * Per task: analysis, review and small tasks local; isolated or large work in the cloud; medium
 * work in the cloud unless history says the cloud executor does clearly worse here or its
 * estimate is above the local one by more than the success it buys.
 */
export const hybridSmart: StrategyPolicy = {
  name: 'hybrid-smart',
  choose(input) {
    const { task } = input;
    const cloud = ranked('elsewhere', input)[0];
    const local = ranked('runner', input)[0];
    const cloudName = cloud?.label ?? 'the cloud';
    if (ORCHESTRATION_KINDS.has(task.kind))
      return settle('runner', `hybrid-smart keeps ${task.kind} tasks local`, input);
    if (task.requiresIsolation)
      return settle('elsewhere', `hybrid-smart sends tasks that need isolation to ${cloudName}`, input);
    if (task.size === 'l')
      return settle('elsewhere', `hybrid-smart sends large tasks to ${cloudName}`, input);
    if (task.size === 's') return settle('runner', 'hybrid-smart keeps small tasks local', input);
    if (cloud && local && cloud.history.runs >= MIN_HISTORY) {
      const cloudRate = successRate(cloud.history);
      const localRate = successRate(local.history);
      if (cloudRate + 0.15 < localRate) {
        return settle(
          'runner',
          `hybrid-smart: ${cloud.label} succeeded in ${pct(cloudRate)} of past runs against ${pct(localRate)} locally`,
          input,
        );
      }
      const cloudPerSuccess = costPerSuccess(cloud);
      const localPerSuccess = costPerSuccess(local);
      if (cloudPerSuccess > 2 * localPerSuccess) {
        return settle(
          'runner',
          `hybrid-smart: ${cloud.label} costs ${money(cloudPerSuccess)} per success against ${money(localPerSuccess)} locally`,
          input,
        );
      }
    }
    return task.kind === 'docs'
      ? settle('runner', 'hybrid-smart keeps medium docs tasks local', input)
      : settle('elsewhere', `hybrid-smart sends medium ${task.kind} tasks to ${cloudName}`, input);
  },
};

function pct(rate: number): string {
  return `${Math.round(rate * 100)}%`;
}

function money(usd: number): string {
  return `$${usd.toFixed(2)}`;
}

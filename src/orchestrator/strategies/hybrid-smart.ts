import { ORCHESTRATION_KINDS, type StrategyPolicy, settle, successRate } from './policy.js';

/** Below this many cloud runs, history is too thin to overrule the task's own shape. */
const MIN_HISTORY = 5;

/**
 * Per task: analysis, review and small tasks local; isolated or large work in the cloud; medium
 * work in the cloud unless history says Codegen does clearly worse here or its estimate is above
 * the local one by more than the success it buys.
 */
export const hybridSmart: StrategyPolicy = {
  name: 'hybrid-smart',
  choose(input) {
    const { task } = input;
    if (ORCHESTRATION_KINDS.has(task.kind))
      return settle('local', `hybrid-smart keeps ${task.kind} tasks local`, input);
    if (task.requiresIsolation)
      return settle('cloud', 'hybrid-smart sends tasks that need isolation to Codegen', input);
    if (task.size === 'l') return settle('cloud', 'hybrid-smart sends large tasks to Codegen', input);
    if (task.size === 's') return settle('local', 'hybrid-smart keeps small tasks local', input);
    const cloud = input.history.cloud;
    const local = input.history.local;
    if (cloud.runs >= MIN_HISTORY) {
      const cloudRate = successRate(cloud);
      const localRate = successRate(local);
      if (cloudRate + 0.15 < localRate) {
        return settle(
          'local',
          `hybrid-smart: Codegen succeeded in ${pct(cloudRate)} of past runs against ${pct(localRate)} locally`,
          input,
        );
      }
      const cloudPerSuccess = input.expectedCostUsd.cloud / cloudRate;
      const localPerSuccess = input.expectedCostUsd.local / localRate;
      if (cloudPerSuccess > 2 * localPerSuccess) {
        return settle(
          'local',
          `hybrid-smart: Codegen costs ${money(cloudPerSuccess)} per success against ${money(localPerSuccess)} locally`,
          input,
        );
      }
    }
    return task.kind === 'docs'
      ? settle('local', 'hybrid-smart keeps medium docs tasks local', input)
      : settle('cloud', `hybrid-smart sends medium ${task.kind} tasks to Codegen`, input);
  },
};

function pct(rate: number): string {
  return `${Math.round(rate * 100)}%`;
}

function money(usd: number): string {
  return `$${usd.toFixed(2)}`;
}

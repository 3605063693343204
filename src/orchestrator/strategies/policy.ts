import type { ExecutorLocation, Task } from '../../domain/index.js';

/** Past results of one executor location, from the ledger. */
export interface LocationHistory {
  runs: number;
  successes: number;
  /** Average cost of a finished attempt, when any finished. */
  averageCostUsd?: number;
}

/** What a strategy weighs for one task. Pure data: strategies are pure functions of it. */
export interface StrategyInput {
  task: Task;
  /** Whether each location can take work now; `reason` says why not. */
  available: Record<ExecutorLocation, { ok: boolean; reason?: string }>;
  /** Expected cost of the task on each location, in USD. */
  expectedCostUsd: Record<ExecutorLocation, number>;
  history: Record<ExecutorLocation, LocationHistory>;
  maxCostPerTaskUsd?: number;
}

export type StrategyChoice =
  | { location: ExecutorLocation; reason: string }
  | { location: null; reason: string };

export interface StrategyPolicy {
  readonly name: string;
  choose(input: StrategyInput): StrategyChoice;
}

/** Kinds that are orchestration work (analysis, planning, review): local in the hybrid strategies. */
export const ORCHESTRATION_KINDS: ReadonlySet<Task['kind']> = new Set(['analysis', 'review']);

/** Success rate with a weak prior (4 of 5), so one early failure does not condemn an executor. */
export function successRate(history: LocationHistory): number {
  return (history.successes + 4) / (history.runs + 5);
}

/**
 * The rules every strategy shares: Codegen is ruled out when unavailable or when its estimate is
 * above the per-task cap; a location that cannot run says so. Returns the preferred location when
 * it is possible, else the other one with the reason, else null.
 */
export function settle(preferred: ExecutorLocation, why: string, input: StrategyInput): StrategyChoice {
  const other: ExecutorLocation = preferred === 'local' ? 'cloud' : 'local';
  const blocked = blockReason(preferred, input);
  if (!blocked) return { location: preferred, reason: why };
  const otherBlocked = blockReason(other, input);
  if (!otherBlocked)
    return {
      location: other,
      reason: `${why}, but ${blocked}; running it ${other === 'local' ? 'locally' : 'in the cloud'}`,
    };
  return { location: null, reason: `${why}, but ${blocked}, and ${otherBlocked}` };
}

function blockReason(location: ExecutorLocation, input: StrategyInput): string | undefined {
  const availability = input.available[location];
  if (!availability.ok) return availability.reason ?? `the ${location} executor is unavailable`;
  const cap = input.maxCostPerTaskUsd;
  // Claude takes the cap as a flag and stops at it; Codegen cannot be capped, so its estimate must fit.
  if (location === 'cloud' && cap !== undefined && input.expectedCostUsd.cloud > cap) {
    return `Codegen's estimate $${input.expectedCostUsd.cloud.toFixed(2)} is above max-cost-per-task $${cap.toFixed(2)}`;
  }
  return undefined;
}

import type {
  ExecutorAvailability,
  ExecutorCapabilities,
  ExecutorHistory,
  Task,
} from '../../domain/index.js';

/** One executor as a strategy weighs it for one task. Pure data. */
export interface Candidate {
  name: string;
  /** How reasons name it ("Codegen"). */
  label: string;
  capabilities: ExecutorCapabilities;
  available: ExecutorAvailability;
  /** Expected cost of the task on it, in USD. */
  expectedCostUsd: number;
  history: ExecutorHistory;
}

/** What a strategy weighs for one task. Strategies are pure functions of it. */
export interface StrategyInput {
  task: Task;
  /** Every executor the job knows of, usable or not, in the order their modules are listed. */
  candidates: readonly Candidate[];
  maxCostPerTaskUsd?: number;
}

export type StrategyChoice = { executor: string; reason: string } | { executor: null; reason: string };

export interface StrategyPolicy {
  readonly name: string;
  choose(input: StrategyInput): StrategyChoice;
}

/**
 * Strategies speak of two places: executors that run on the runner (a local process) and those
 * that run elsewhere (a cloud service). Which executors those are comes from their capabilities.
 */
export type Place = 'runner' | 'elsewhere';

export const placeOf = (c: { capabilities: ExecutorCapabilities }): Place =>
  c.capabilities.needsRunner ? 'runner' : 'elsewhere';

/** How a reason says "run it there". */
const PLACE_WORDS: Record<Place, string> = { runner: 'locally', elsewhere: 'in the cloud' };

/** Kinds that are orchestration work (analysis, planning, review): local in the hybrid strategies. */
export const ORCHESTRATION_KINDS: ReadonlySet<Task['kind']> = new Set(['analysis', 'review']);

/** Success rate with a weak prior (4 of 5), so one early failure does not condemn an executor. */
export function successRate(history: ExecutorHistory): number {
  return (history.successes + 4) / (history.runs + 5);
}

export const costPerSuccess = (c: Candidate): number => c.expectedCostUsd / successRate(c.history);

/** Why a candidate cannot take this task, or undefined when it can. */
export function blockReason(c: Candidate, input: StrategyInput): string | undefined {
  if (!c.available.ok) return c.available.reason;
  const cap = input.maxCostPerTaskUsd;
  // An executor that stops at the cap can always be given it; any other must fit by estimate.
  if (!c.capabilities.honoursCostCap && cap !== undefined && c.expectedCostUsd > cap) {
    return `${c.label}'s estimate $${c.expectedCostUsd.toFixed(2)} is above max-cost-per-task $${cap.toFixed(2)}`;
  }
  return undefined;
}

/** The candidates of a place, cheapest per success first (stable: module order breaks ties). */
export function ranked(place: Place, input: StrategyInput): Candidate[] {
  return input.candidates
    .filter((c) => placeOf(c) === place)
    .map((c, index) => ({ c, index, blocked: blockReason(c, input) !== undefined }))
    .sort(
      (a, b) =>
        Number(a.blocked) - Number(b.blocked) ||
        costPerSuccess(a.c) - costPerSuccess(b.c) ||
        a.index - b.index,
    )
    .map((entry) => entry.c);
}

/** The executor a reason names for a place before anything is decided: its best candidate. */
export function labelOf(place: Place, input: StrategyInput): string {
  return ranked(place, input)[0]?.label ?? (place === 'runner' ? 'the local executor' : 'the cloud executor');
}

/**
 * The rules every strategy shares: the best candidate of the preferred place when one can take
 * the task; else the best of the other place, with why the preferred one could not; else none.
 */
export function settle(preferred: Place, why: string, input: StrategyInput): StrategyChoice {
  const other: Place = preferred === 'runner' ? 'elsewhere' : 'runner';
  const blocked = whyNot(preferred, input);
  if ('pick' in blocked) return { executor: blocked.pick.name, reason: why };
  const otherBlocked = whyNot(other, input);
  if ('pick' in otherBlocked)
    return {
      executor: otherBlocked.pick.name,
      reason: `${why}, but ${blocked.reason}; running it ${PLACE_WORDS[other]}`,
    };
  return { executor: null, reason: `${why}, but ${blocked.reason}, and ${otherBlocked.reason}` };
}

type PlaceCheck = { pick: Candidate } | { reason: string };

function whyNot(place: Place, input: StrategyInput): PlaceCheck {
  const best = ranked(place, input)[0];
  if (!best)
    return {
      reason: place === 'runner' ? 'no executor can run on the runner' : 'no cloud executor is registered',
    };
  const reason = blockReason(best, input);
  return reason ? { reason } : { pick: best };
}

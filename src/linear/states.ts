import type { WorkflowStateRef } from './queries.js';

/** Where an issue should go: the configured state name, and what it means if the name is missing. */
export interface StateTarget {
  name: string;
  role: 'started' | 'inReview' | 'completed';
  /**
   * Only from these state names (the ones the action itself sets) or from a not-yet-started state:
   * a state a person chose by hand is never moved past.
   */
  onlyFrom?: string[];
}

/** The completed move, once every subtask PR merged: only from the action's own states. */
export function completedTarget(states: {
  started: string;
  inReview: string;
  completed: string;
}): StateTarget {
  return { name: states.completed, role: 'completed', onlyFrom: [states.started, states.inReview] };
}

/** The two moves of a run, from `ResolvedConfig.linear.states`. */
export function stateTargets(states: { started: string; inReview: string }): {
  started: StateTarget;
  inReview: StateTarget;
} {
  return {
    started: { name: states.started, role: 'started' },
    inReview: { name: states.inReview, role: 'inReview' },
  };
}

export type StateDecision =
  | { move: true; state: WorkflowStateRef; matchedBy: 'name' | 'fallback' }
  | { move: false; reason: string };

const FINISHED_TYPES = new Set(['completed', 'canceled']);
const UNSTARTED_TYPES = new Set(['backlog', 'unstarted', 'triage']);

function byPosition(a: { position?: number }, b: { position?: number }): number {
  return (a.position ?? 0) - (b.position ?? 0);
}

/**
 * Finds the team's state for a target: the configured name (any case), else by meaning: the first
 * `started` state for "started", a state named like "review" for "in review".
 */
function findTargetState(
  teamStates: readonly (WorkflowStateRef & { position?: number })[],
  target: StateTarget,
): { state: WorkflowStateRef; matchedBy: 'name' | 'fallback' } | undefined {
  const wanted = target.name.trim().toLowerCase();
  const named = teamStates.find((s) => s.name.trim().toLowerCase() === wanted);
  if (named) return { state: named, matchedBy: 'name' };
  const sorted = [...teamStates].sort(byPosition);
  const fallback =
    target.role === 'started'
      ? sorted.find((s) => s.type === 'started')
      : target.role === 'completed'
        ? sorted.find((s) => s.type === 'completed')
        : (sorted.find((s) => s.type === 'started' && /review/i.test(s.name)) ??
          sorted.find((s) => /review/i.test(s.name) && !FINISHED_TYPES.has(s.type)));
  return fallback ? { state: fallback, matchedBy: 'fallback' } : undefined;
}

/**
 * Whether to move an issue now. Never moves a finished issue back, never moves an issue that is
 * already under way back to "started" (it may be in review), and skips a move to where it is.
 */
export function decideStateMove(
  current: WorkflowStateRef,
  teamStates: readonly (WorkflowStateRef & { position?: number })[],
  target: StateTarget,
  teamKey: string,
): StateDecision {
  const found = findTargetState(teamStates, target);
  if (!found) {
    return {
      move: false,
      reason:
        `team ${teamKey} has no state named "${target.name}"` +
        (target.role === 'started'
          ? ' and no started state'
          : target.role === 'completed'
            ? ' and no completed state'
            : ' and none named like "review"') +
        '; set `linear.states` in the config to one of its states',
    };
  }
  if (found.state.id === current.id) return { move: false, reason: `already in "${current.name}"` };
  if (FINISHED_TYPES.has(current.type)) {
    return { move: false, reason: `the issue is "${current.name}" (${current.type}); not moving it back` };
  }
  const own = target.onlyFrom?.map((n) => n.trim().toLowerCase());
  if (own && !own.includes(current.name.trim().toLowerCase()) && !UNSTARTED_TYPES.has(current.type)) {
    return {
      move: false,
      reason: `the issue is "${current.name}", a state the action did not set; a person chose it, so it stays`,
    };
  }
  if (target.role === 'started' && current.type === 'started') {
    return { move: false, reason: `the issue is already under way ("${current.name}")` };
  }
  return { move: true, state: found.state, matchedBy: found.matchedBy };
}

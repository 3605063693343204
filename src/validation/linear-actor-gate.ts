import type { LinearTrigger } from '../linear/index.js';
import type { GateDecision } from './actor-gate.js';

export interface LinearActorGateInput {
  trigger: LinearTrigger;
  /** The trigger label's name, for the reasons. */
  label: string;
  /** Bots and apps whose triggers count (trigger.allowedBots), by name. */
  allowedBots: readonly string[];
  /** When not empty, the only Linear users (email or display name) whose triggers count. */
  allowedUsers: readonly string[];
}

/**
 * The security rule for a trigger made in Linear, the counterpart of GitHub's write permission:
 * Linear cannot tell whether a user may write to this repository, so the stricter rule holds. The
 * actor must be an active workspace member who is not a guest (guests see only some teams), and
 * in `linear.triggers.allowedUsers` when that list is set; an app or integration must be in
 * allowed-bots; a change whose actor the history does not name is refused.
 */
export function checkLinearTriggerActor(input: LinearActorGateInput): GateDecision {
  const { actor } = input.trigger;
  const what = input.trigger.kind === 'label' ? `applied "${input.label}"` : 'delegated the issue';
  if (!actor) {
    return { verdict: 'rejected', reason: `Linear's issue history does not say who ${what}` };
  }
  const bots = input.allowedBots.map((b) => b.toLowerCase());
  if (actor.kind === 'integration' || actor.app) {
    const names = actor.kind === 'integration' ? [actor.name] : [actor.name, actor.displayName];
    const shown = names[0] ?? 'an integration';
    if (names.some((n) => bots.includes(n.toLowerCase())))
      return { verdict: 'approved', reason: `${shown} ${what} and is an allowed bot` };
    return {
      verdict: 'rejected',
      reason: `the Linear app or integration ${shown} ${what} and is not in allowed-bots (${input.allowedBots.join(', ') || 'none'}); add it to the \`allowed-bots\` input to accept its triggers`,
    };
  }
  const who = `${actor.name} (${actor.email})`;
  if (!actor.active) return { verdict: 'rejected', reason: `${who} ${what} but the account is disabled` };
  if (actor.guest) {
    return {
      verdict: 'rejected',
      reason: `${who} ${what} but is a guest in the Linear workspace; triggers count only from members`,
    };
  }
  if (input.allowedUsers.length > 0) {
    const allowed = input.allowedUsers.map((u) => u.toLowerCase());
    if (![actor.email, actor.displayName].some((n) => allowed.includes(n.toLowerCase()))) {
      return {
        verdict: 'rejected',
        reason: `${who} ${what} but is not in linear.triggers.allowedUsers; add their email or display name to accept their triggers`,
      };
    }
  }
  return { verdict: 'approved', reason: `${who} ${what} and is a Linear workspace member` };
}

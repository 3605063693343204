import type { LabelTrigger } from '../events/index.js';
import type { CollaboratorPermission } from '../github/index.js';

export type GateDecision = { verdict: 'approved'; reason: string } | { verdict: 'rejected'; reason: string };

const WRITERS: ReadonlySet<CollaboratorPermission> = new Set(['admin', 'maintain', 'write']);

export interface ActorGateInput {
  trigger: LabelTrigger;
  allowedBots: readonly string[];
  /** The actor's permission on the repository (the collaborator permission API). */
  permissionOf: (login: string) => Promise<CollaboratorPermission>;
}

/**
 * A label counts only from an actor with write, maintain or admin permission, or from an
 * allowed bot (a security rule). Returns a verdict instead of throwing: a refusal is a clean skip.
 */
export async function checkLabelActor(input: ActorGateInput): Promise<GateDecision> {
  const { actor } = input.trigger;
  const bot = input.allowedBots.find((b) => b.toLowerCase() === actor.toLowerCase());
  if (bot) return { verdict: 'approved', reason: `${actor} is an allowed bot` };
  if (input.trigger.actorType === 'Bot') {
    return {
      verdict: 'rejected',
      reason: `bot ${actor} is not in allowed-bots (${input.allowedBots.join(', ') || 'none'}); add it to the \`allowed-bots\` input to accept its labels`,
    };
  }
  const permission = await input.permissionOf(actor);
  if (WRITERS.has(permission))
    return { verdict: 'approved', reason: `${actor} has ${permission} permission` };
  return {
    verdict: 'rejected',
    reason: `${actor} has ${permission === 'none' ? 'no' : permission} permission on the repository; labels count only from people with write, maintain or admin permission or from allowed bots`,
  };
}

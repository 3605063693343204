import { z } from 'zod';
import type { GatewayContext } from './check-types.js';

/** Who applied a label: the actor of its latest `labeled` event on the issue. */
export interface LabelActor {
  login: string;
  /** GitHub's account type: `User`, `Bot`, `Organization`. */
  type: string;
}

const IssueEventPayload = z.object({
  event: z.string(),
  created_at: z.string().optional(),
  actor: z.object({ login: z.string(), type: z.string().optional() }).nullable().optional(),
  label: z.object({ name: z.string() }).optional(),
});

const MAX_PAGES = 10;

/**
 * The actor who last applied `label` to issue `number`, read from its issue events (the issue's
 * timeline of label changes), or null when no event says so. The sweep gates on this exactly as
 * the `issues.labeled` event is gated on its sender (a security rule).
 */
export async function labelActor(
  ctx: GatewayContext,
  number: number,
  label: string,
): Promise<LabelActor | null> {
  let latest: LabelActor | null = null;
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const { data } = await ctx.client.request('GET /repos/{owner}/{repo}/issues/{issue_number}/events', {
      ...ctx.repository,
      issue_number: number,
      per_page: 100,
      page,
    });
    const batch = IssueEventPayload.array().parse(data);
    for (const event of batch) {
      // Oldest first: the last match is the latest labelling.
      if (
        event.event === 'labeled' &&
        event.label?.name.toLowerCase() === label.toLowerCase() &&
        event.actor
      ) {
        latest = { login: event.actor.login, type: event.actor.type ?? 'User' };
      }
    }
    if (batch.length < 100) break;
  }
  return latest;
}

import { z } from 'zod';

/**
 * Work found in Linear itself: issues in the mapped teams that carry the trigger label or are
 * delegated to the app, not completed or canceled, with who applied the label or delegated (from
 * the issue's history) and the URLs attached to them (a synced GitHub issue is one).
 *
 * One query per page, small pages: each issue holds its history and attachments, and a connection
 * multiplies what it holds by its page size (Linear caps one query at 10,000 points).
 */
export const TRIGGERED_PAGE_SIZE = 10;
/** History entries read per issue, newest first: a trigger older than these is not seen (a refusal). */
const HISTORY_PAGE_SIZE = 25;

export const TRIGGERED_ISSUES_QUERY = `
query CyrusTriggeredIssues($filter: IssueFilter!, $first: Int!, $after: String) {
  issues(filter: $filter, first: $first, after: $after, orderBy: createdAt) {
    nodes {
      id
      identifier
      title
      url
      createdAt
      delegate { id isMe }
      labels(first: 25) { nodes { id name } }
      attachments(first: 10) { nodes { url } }
      history(first: ${HISTORY_PAGE_SIZE}) {
        nodes {
          createdAt
          addedLabelIds
          toDelegate { id isMe }
          actor { id name displayName email active guest app }
          botActor { name type }
        }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

const UserActor = z.object({
  id: z.string(),
  name: z.string(),
  displayName: z.string(),
  email: z.string(),
  active: z.boolean(),
  guest: z.boolean(),
  app: z.boolean(),
});

const HistoryEntry = z.object({
  createdAt: z.string(),
  addedLabelIds: z.array(z.string()).nullable().optional(),
  toDelegate: z.object({ id: z.string(), isMe: z.boolean() }).nullable().optional(),
  actor: UserActor.nullable().optional(),
  botActor: z.object({ name: z.string().nullable().optional(), type: z.string() }).nullable().optional(),
});
type HistoryEntry = z.infer<typeof HistoryEntry>;

const TriggeredIssueData = z.object({
  id: z.string(),
  identifier: z.string(),
  title: z.string(),
  url: z.string(),
  createdAt: z.string(),
  delegate: z.object({ id: z.string(), isMe: z.boolean() }).nullable(),
  labels: z.object({ nodes: z.array(z.object({ id: z.string(), name: z.string() })) }),
  attachments: z.object({ nodes: z.array(z.object({ url: z.string() })) }),
  history: z.object({ nodes: z.array(HistoryEntry) }),
});

export const TriggeredIssuesResponse = z.object({
  issues: z.object({
    nodes: z.array(TriggeredIssueData),
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
  }),
});
export type TriggeredIssuesResponse = z.infer<typeof TriggeredIssuesResponse>;

/** Who made a change: a workspace user (an app is a user with `app`), or an integration (bot). */
export type TriggerActor =
  | ({ kind: 'user' } & z.infer<typeof UserActor>)
  | { kind: 'integration'; name: string; type: string };

export interface LinearTrigger {
  kind: 'label' | 'delegated';
  /** Null when the history read does not say who made the change. */
  actor: TriggerActor | null;
}

export interface TriggeredIssue {
  id: string;
  identifier: string;
  title: string;
  url: string;
  createdAt: string;
  /** Each reason it counts as work (the label, the delegation), with who made it so. */
  triggers: LinearTrigger[];
  attachmentUrls: string[];
}

export interface TriggeredIssuesRequest {
  teams: readonly string[];
  /** The trigger label's name, when a label counts. */
  label?: string;
  /** Whether delegation to the key's user (the app) counts. */
  delegated: boolean;
  after?: string | null;
}

export interface TriggeredIssuesPage {
  issues: TriggeredIssue[];
  /** The cursor of the next page, or null after the last. */
  next: string | null;
}

/** The query's variables: the teams, open states, and either trigger. */
export function triggeredIssuesVariables(request: TriggeredIssuesRequest): Record<string, unknown> {
  const either: Record<string, unknown>[] = [];
  if (request.label) either.push({ labels: { some: { name: { eqIgnoreCase: request.label } } } });
  if (request.delegated) either.push({ delegate: { isMe: { eq: true } } });
  return {
    filter: {
      team: { key: { in: [...request.teams] } },
      state: { type: { nin: ['completed', 'canceled'] } },
      or: either,
    },
    first: TRIGGERED_PAGE_SIZE,
    after: request.after ?? null,
  };
}

export function toTriggeredPage(data: TriggeredIssuesResponse, label?: string): TriggeredIssuesPage {
  const { nodes, pageInfo } = data.issues;
  return {
    issues: nodes.map((node) => {
      const triggers: LinearTrigger[] = [];
      const labelId = label
        ? node.labels.nodes.find((l) => l.name.toLowerCase() === label.toLowerCase())?.id
        : undefined;
      if (labelId) {
        triggers.push({
          kind: 'label',
          actor: latestActor(node.history.nodes, (e) => e.addedLabelIds?.includes(labelId) ?? false),
        });
      }
      if (node.delegate?.isMe) {
        triggers.push({
          kind: 'delegated',
          actor: latestActor(node.history.nodes, (e) => e.toDelegate?.id === node.delegate?.id),
        });
      }
      return {
        id: node.id,
        identifier: node.identifier,
        title: node.title,
        url: node.url,
        createdAt: node.createdAt,
        triggers,
        attachmentUrls: node.attachments.nodes.map((a) => a.url),
      };
    }),
    next: pageInfo.hasNextPage ? pageInfo.endCursor : null,
  };
}

/** The actor of the latest entry that made the change (entries are compared by time, not order). */
function latestActor(
  entries: readonly HistoryEntry[],
  made: (e: HistoryEntry) => boolean,
): TriggerActor | null {
  const latest = entries.filter(made).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  if (!latest) return null;
  if (latest.actor) return { kind: 'user', ...latest.actor };
  if (latest.botActor) {
    return {
      kind: 'integration',
      name: latest.botActor.name ?? latest.botActor.type,
      type: latest.botActor.type,
    };
  }
  return null;
}

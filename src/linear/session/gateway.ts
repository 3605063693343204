import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { LINEAR_MESSAGES, LinearError } from '../errors.js';
import { describeErrors, type LinearTransport } from '../transport.js';
import type { ExternalUrl, SessionActivity, SessionPlan } from './activities.js';

/** The session as the action needs it: where it is, and whether someone in Linear stopped it. */
export interface SessionState {
  id: string;
  url: string | null;
  status: string;
  /** Who stopped the session (the stop button, or dismissing it), when someone did. */
  stoppedBy: string | undefined;
}

export interface SessionPost {
  activities: SessionActivity[];
  plan?: SessionPlan;
  addedExternalUrls?: ExternalUrl[];
}

/** Linear's Agents API for one app token. Every method is one request. */
export interface AgentSessionGateway {
  create(issueId: string, externalUrls: ExternalUrl[]): Promise<SessionState>;
  /** Activities, plan and links in one document (aliased mutations run in order); answers the state after. */
  post(sessionId: string, post: SessionPost): Promise<SessionState>;
  read(sessionId: string): Promise<SessionState>;
}

// Only the last few activities: a stop is the newest thing a person did in the session.
const SESSION_FIELDS = `
  id url status dismissedAt
  dismissedBy { name }
  activities(last: 10) { nodes { signal user { name } } }`;

const CREATE = `
mutation CyrusAgentSessionCreate($input: AgentSessionCreateOnIssue!) {
  agentSessionCreateOnIssue(input: $input) { success agentSession { ${SESSION_FIELDS} } }
}`;

const READ = `
query CyrusAgentSession($id: String!) {
  agentSession(id: $id) { ${SESSION_FIELDS} }
}`;

const SessionData = z.object({
  id: z.string(),
  url: z.string().nullable(),
  status: z.string(),
  dismissedAt: z.string().nullable(),
  dismissedBy: z.object({ name: z.string() }).nullable(),
  activities: z.object({
    nodes: z.array(z.object({ signal: z.string().nullable(), user: z.object({ name: z.string() }) })),
  }),
});
const Payload = z.object({ success: z.boolean(), agentSession: SessionData });

/** A stop shows as a `stop` signal on an activity a person posted, or as the session dismissed. */
function toState(data: z.infer<typeof SessionData>): SessionState {
  const stop = data.activities.nodes.findLast((a) => a.signal === 'stop');
  const stoppedBy = data.dismissedAt ? (data.dismissedBy?.name ?? 'someone in Linear') : stop?.user.name;
  return { id: data.id, url: data.url, status: data.status, stoppedBy };
}

/** The batched document: one aliased `agentActivityCreate` per activity, then the session update. */
export function renderSessionPost(
  sessionId: string,
  post: SessionPost,
  newId: () => string = randomUUID,
): { query: string; variables: Record<string, unknown> } {
  const params: string[] = ['$id: String!', '$update: AgentSessionUpdateInput!'];
  const fields: string[] = [];
  const variables: Record<string, unknown> = { id: sessionId };
  post.activities.forEach((content, i) => {
    params.push(`$a${i}: AgentActivityCreateInput!`);
    fields.push(`a${i}: agentActivityCreate(input: $a${i}) { success }`);
    variables[`a${i}`] = { id: newId(), agentSessionId: sessionId, content };
  });
  variables.update = {
    ...(post.plan ? { plan: post.plan } : {}),
    ...(post.addedExternalUrls?.length ? { addedExternalUrls: post.addedExternalUrls } : {}),
  };
  fields.push(
    `session: agentSessionUpdate(id: $id, input: $update) { success agentSession { ${SESSION_FIELDS} } }`,
  );
  return {
    query: `mutation CyrusAgentSessionPost(${params.join(', ')}) {\n  ${fields.join('\n  ')}\n}`,
    variables,
  };
}

export class TransportAgentSessionGateway implements AgentSessionGateway {
  constructor(private readonly transport: LinearTransport) {}

  async create(issueId: string, externalUrls: ExternalUrl[]): Promise<SessionState> {
    const input = { issueId, ...(externalUrls.length > 0 ? { externalUrls } : {}) };
    const data = await this.send(CREATE, { input }, `opening an agent session on ${issueId}`, false);
    return toState(this.payload(data, 'agentSessionCreateOnIssue', 'opening an agent session'));
  }

  async post(sessionId: string, post: SessionPost): Promise<SessionState> {
    const { query, variables } = renderSessionPost(sessionId, post);
    const what = `posting ${post.activities.length} activity(ies) to agent session ${sessionId}`;
    // Not repeated on a timeout: a resend could show the same activities twice.
    const data = await this.send(query, variables, what, false);
    return toState(this.payload(data, 'session', what));
  }

  async read(sessionId: string): Promise<SessionState> {
    const what = `reading agent session ${sessionId}`;
    const data = await this.send(READ, { id: sessionId }, what, true);
    const parsed = z.object({ agentSession: SessionData }).safeParse(data);
    if (!parsed.success) throw unexpected(what);
    return toState(parsed.data.agentSession);
  }

  private async send(
    query: string,
    variables: Record<string, unknown>,
    what: string,
    idempotent: boolean,
  ): Promise<unknown> {
    const reply = await this.transport.send(query, variables, { what, idempotent });
    if (reply.errors.length > 0) {
      throw new LinearError('invalid', LINEAR_MESSAGES.invalid(what, describeErrors(reply.errors)));
    }
    return reply.data;
  }

  private payload(data: unknown, field: string, what: string): z.infer<typeof SessionData> {
    const parsed = z.record(z.string(), z.unknown()).safeParse(data);
    const payload = Payload.safeParse(parsed.success ? parsed.data[field] : undefined);
    if (!payload.success || !payload.data.success) throw unexpected(what);
    return payload.data.agentSession;
  }
}

function unexpected(what: string): LinearError {
  return new LinearError(
    'unavailable',
    LINEAR_MESSAGES.unavailable(what, "the answer does not match Linear's schema"),
  );
}

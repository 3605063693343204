import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { LinearWorld, UserRecord } from './world.js';

/**
 * Linear's Agents API, as strict as the published contract: only an app (an OAuth app installed
 * with `actor=app`, asking with its token) opens sessions and posts activities; content must be
 * one of the documented shapes; the plan is an object of steps; 30 minutes without activity is stale.
 */

export const STALE_AFTER_MS = 30 * 60_000;
const PLAN_STATUSES = new Set(['pending', 'inProgress', 'completed', 'canceled']);
const AGENT_TYPES = new Set(['thought', 'action', 'response', 'error', 'elicitation']);

export interface ActivityRecord {
  id: string;
  sessionId: string;
  userId: string;
  content: Record<string, unknown>;
  signal: string | null;
  createdAt: string;
  at: number;
}

export interface AgentSessionRecord {
  id: string;
  issueId: string;
  appUserId: string;
  status: 'pending' | 'active' | 'complete' | 'error' | 'awaitingInput' | 'stale';
  plan: Record<string, unknown> | null;
  externalUrls: { label: string; url: string }[];
  activities: ActivityRecord[];
  dismissedAt: string | null;
  dismissedById: string | null;
  createdAt: string;
  updatedAt: string;
  lastActivityAt: number;
}

/** Linear's refusal of bad input (as resolvers.ts answers it; that module imports this one). */
function invalidInput(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'INVALID_INPUT', type: 'invalid input', statusCode: 400, userError: true },
  });
}

export class AgentSessions {
  readonly sessions = new Map<string, AgentSessionRecord>();
  /** Told after each activity the app posts (a test stops the session from here). */
  onActivity: ((session: AgentSessionRecord, activity: ActivityRecord) => void) | undefined;

  constructor(private readonly world: LinearWorld) {}

  /** The viewer's app user, or Linear's refusal: a personal key or a user's token is not an agent. */
  requireApp(): UserRecord {
    if (!this.world.actingAsApp()) {
      throw invalidInput('Only an app user (an OAuth app installed with actor=app) can use agent sessions');
    }
    return this.world.viewer;
  }

  create(issueId: string, externalUrls: { label: string; url: string }[]): AgentSessionRecord {
    const app = this.requireApp();
    const session: AgentSessionRecord = {
      id: randomUUID(),
      issueId,
      appUserId: app.id,
      status: 'pending',
      plan: null,
      externalUrls: dedupe(externalUrls),
      activities: [],
      dismissedAt: null,
      dismissedById: null,
      createdAt: this.world.now(),
      updatedAt: this.world.now(),
      lastActivityAt: this.world.clockNow(),
    };
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string): AgentSessionRecord | undefined {
    const session = this.sessions.get(id);
    if (
      session &&
      session.status === 'active' &&
      this.world.clockNow() - session.lastActivityAt > STALE_AFTER_MS
    )
      session.status = 'stale';
    return session;
  }

  owned(id: string): AgentSessionRecord {
    const app = this.requireApp();
    const session = this.get(id);
    if (!session) throw invalidInput(`Entity not found: AgentSession ${id}`);
    if (session.appUserId !== app.id) throw invalidInput('Only the app that owns the session can change it');
    return session;
  }

  postActivity(input: Record<string, unknown>): ActivityRecord {
    const session = this.owned(String(input.agentSessionId));
    const content = checkContent(input.content);
    const id = typeof input.id === 'string' ? input.id : randomUUID();
    if (session.activities.some((a) => a.id === id))
      throw invalidInput(`Agent activity ${id} already exists`);
    const activity: ActivityRecord = {
      id,
      sessionId: session.id,
      userId: session.appUserId,
      content,
      signal: typeof input.signal === 'string' ? input.signal : null,
      createdAt: this.world.now(),
      at: this.world.clockNow(),
    };
    session.activities.push(activity);
    session.lastActivityAt = activity.at;
    session.updatedAt = activity.createdAt;
    session.status = content.type === 'response' ? 'complete' : content.type === 'error' ? 'error' : 'active';
    this.onActivity?.(session, activity);
    return activity;
  }

  update(id: string, input: Record<string, unknown>): AgentSessionRecord {
    const session = this.owned(id);
    if (input.plan !== undefined) session.plan = checkPlan(input.plan);
    if (Array.isArray(input.externalUrls)) session.externalUrls = dedupe(input.externalUrls as never);
    else if (Array.isArray(input.addedExternalUrls))
      session.externalUrls = dedupe([...session.externalUrls, ...(input.addedExternalUrls as never[])]);
    session.updatedAt = this.world.now();
    return session;
  }

  /** What the stop button does: a `stop` signal from a person, which the agent must honour. */
  stop(sessionId: string, by: UserRecord): void {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`stand-in: no agent session ${sessionId}`);
    session.activities.push({
      id: randomUUID(),
      sessionId,
      userId: by.id,
      content: { type: 'prompt', body: 'Stop' },
      signal: 'stop',
      createdAt: this.world.now(),
      at: this.world.clockNow(),
    });
  }

  onIssue(issueId: string): AgentSessionRecord[] {
    return [...this.sessions.values()].filter((s) => s.issueId === issueId);
  }
}

function dedupe(urls: { label: string; url: string }[]): { label: string; url: string }[] {
  const byUrl = new Map<string, { label: string; url: string }>();
  for (const u of urls) {
    if (typeof u.url !== 'string' || typeof u.label !== 'string')
      throw invalidInput('externalUrls need label and url');
    byUrl.set(u.url, { label: u.label, url: u.url });
  }
  return [...byUrl.values()];
}

/** The documented content payloads: `action` has action and parameter, the others a body. */
function checkContent(value: unknown): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw invalidInput('content must be an object');
  const content = value as Record<string, unknown>;
  const type = String(content.type);
  if (!AGENT_TYPES.has(type)) throw invalidInput(`content.type ${type} cannot be posted by an agent`);
  if (type === 'action') {
    if (typeof content.action !== 'string' || typeof content.parameter !== 'string')
      throw invalidInput('an action needs string action and parameter');
    if (content.result !== undefined && typeof content.result !== 'string')
      throw invalidInput('an action result must be a string');
  } else if (typeof content.body !== 'string' || content.body === '') {
    throw invalidInput(`a ${type} needs a body`);
  }
  return content;
}

function checkPlan(value: unknown): Record<string, unknown> {
  const steps = (value as { steps?: unknown } | null)?.steps;
  if (!Array.isArray(steps)) throw invalidInput('plan must be an object with a steps array');
  for (const step of steps as { content?: unknown; status?: unknown }[]) {
    if (typeof step.content !== 'string' || !PLAN_STATUSES.has(String(step.status)))
      throw invalidInput(
        'each plan step needs content and a status of pending, inProgress, completed or canceled',
      );
  }
  return value as Record<string, unknown>;
}

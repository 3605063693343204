import type { ActivityRecord, AgentSessionRecord } from './agent-sessions.js';
import { entityNotFound, Views } from './resolvers.js';
import type { LinearWorld } from './world.js';

type Args = Record<string, unknown>;
type View = Record<string, unknown>;

const CONTENT_TYPENAMES: Record<string, string> = {
  action: 'AgentActivityActionContent',
  elicitation: 'AgentActivityElicitationContent',
  error: 'AgentActivityErrorContent',
  prompt: 'AgentActivityPromptContent',
  response: 'AgentActivityResponseContent',
  thought: 'AgentActivityThoughtContent',
};

/** `first` from the start or `last` from the end, as Linear pages a connection. */
function page<T>(items: T[], args: Args): View {
  const nodes =
    typeof args.last === 'number'
      ? items.slice(Math.max(0, items.length - args.last))
      : items.slice(0, typeof args.first === 'number' ? args.first : 50);
  return {
    nodes,
    edges: nodes.map((node, i) => ({ node, cursor: String(i) })),
    pageInfo: {
      hasNextPage: false,
      hasPreviousPage: nodes.length < items.length,
      startCursor: null,
      endCursor: null,
    },
  };
}

/** The Agents API's root fields, over the world's AgentSessions. */
export function agentSessionResolvers(world: LinearWorld): Record<string, (args: Args) => unknown> {
  const views = new Views(world);
  const sessions = world.agentSessions;
  const userView = (id: string | null) => {
    const user = id ? world.users.get(id) : undefined;
    return user ? views.user(user) : null;
  };
  const activityView = (a: ActivityRecord, s: AgentSessionRecord): View => ({
    ...a,
    ephemeral: false,
    queued: false,
    updatedAt: a.createdAt,
    content: { __typename: CONTENT_TYPENAMES[String(a.content.type)], bodyData: {}, ...a.content },
    user: () => userView(a.userId),
    agentSession: () => sessionView(s),
  });
  const sessionView = (s: AgentSessionRecord): View => ({
    ...s,
    slugId: s.id.slice(0, 8),
    context: {},
    url: `https://linear.app/${world.organization.urlKey}/agent-session/${s.id}`,
    externalLinks: s.externalUrls,
    externalUrls: s.externalUrls,
    issue: () => {
      const issue = world.issues.get(s.issueId);
      return issue ? views.issue(issue) : null;
    },
    appUser: () => userView(s.appUserId),
    dismissedBy: () => userView(s.dismissedById),
    activities: (args: Args) =>
      page(
        s.activities.map((a) => activityView(a, s)),
        args,
      ),
  });
  const payload = (key: string, value: View): View => ({
    success: true,
    lastSyncId: world.lastSyncId++,
    [key]: value,
  });

  return {
    agentSession: (args) => {
      sessions.requireApp();
      const session = sessions.get(String(args.id));
      if (!session) throw entityNotFound('AgentSession');
      return sessionView(session);
    },
    agentSessionCreateOnIssue: (args) => {
      const input = args.input as Args;
      const issue = world.findIssue(String(input.issueId));
      if (!issue) throw entityNotFound('Issue');
      const urls = Array.isArray(input.externalUrls) ? (input.externalUrls as never[]) : [];
      return payload('agentSession', sessionView(sessions.create(issue.id, urls)));
    },
    agentActivityCreate: (args) => {
      const activity = sessions.postActivity(args.input as Args);
      const session = sessions.sessions.get(activity.sessionId) as AgentSessionRecord;
      return payload('agentActivity', activityView(activity, session));
    },
    agentSessionUpdate: (args) =>
      payload('agentSession', sessionView(sessions.update(String(args.id), args.input as Args))),
  };
}

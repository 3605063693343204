import { GraphQLError } from 'graphql';
import type { HistoryRecord } from './history.js';
import { issueMatches, matches } from './issue-filter.js';
import type {
  AttachmentRecord,
  CommentRecord,
  IssueRecord,
  LabelRecord,
  LinearWorld,
  StateRecord,
  TeamRecord,
  UserRecord,
} from './world.js';

/**
 * Resolvers for the subset of Linear's schema the action uses. Objects are plain views whose
 * connection fields are functions (graphql-js's default resolver calls them with the arguments);
 * a field the views lack resolves to null, so an unexpected selection of a non-null field fails.
 */

type Args = Record<string, unknown>;
type View = Record<string, unknown>;

/** Linear's error shape for a missing entity (`statusCode` also sets the HTTP status). */
export function entityNotFound(entity: string): GraphQLError {
  return new GraphQLError(`Entity not found: ${entity}`, {
    extensions: {
      code: 'INVALID_INPUT',
      type: 'invalid input',
      statusCode: 400,
      userError: true,
      userPresentableMessage: `Could not find referenced ${entity}.`,
    },
  });
}

export function invalidInput(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'INVALID_INPUT', type: 'invalid input', statusCode: 400, userError: true },
  });
}

function connection<T>(items: T[], args: Args): View {
  const first = typeof args.first === 'number' ? args.first : 50;
  const nodes = items.slice(0, first);
  return {
    nodes,
    edges: nodes.map((node, i) => ({ node, cursor: String(i) })),
    pageInfo: {
      hasNextPage: items.length > nodes.length,
      hasPreviousPage: false,
      startCursor: nodes.length > 0 ? '0' : null,
      endCursor: nodes.length > 0 ? String(nodes.length - 1) : null,
    },
  };
}

function commentMatches(world: LinearWorld, comment: CommentRecord, filter: Args): boolean {
  for (const [key, value] of Object.entries(filter)) {
    const sub = value as Args;
    switch (key) {
      case 'id':
        if (!matches(comment.id, sub)) return false;
        break;
      case 'body':
        if (!matches(comment.body, sub)) return false;
        break;
      case 'user': {
        for (const [userKey, userValue] of Object.entries(sub)) {
          if (userKey === 'isMe') {
            if (!matches(comment.userId === world.viewer.id, userValue as Args)) return false;
          } else if (userKey === 'id') {
            if (!matches(comment.userId, userValue as Args)) return false;
          } else throw new Error(`stand-in: user filter ${userKey} not supported`);
        }
        break;
      }
      case 'and':
        if (!(value as Args[]).every((f) => commentMatches(world, comment, f))) return false;
        break;
      case 'or':
        if (!(value as Args[]).some((f) => commentMatches(world, comment, f))) return false;
        break;
      default:
        throw new Error(`stand-in: comment filter ${key} not supported`);
    }
  }
  return true;
}

export class Views {
  constructor(private readonly world: LinearWorld) {}

  user(user: UserRecord): View {
    const w = this.world;
    return {
      ...user,
      active: user.active ?? true,
      admin: false,
      app: (user.app ?? false) || (user.id === w.viewer.id && w.actingAsApp()),
      guest: user.guest ?? false,
      isMe: user.id === w.viewer.id,
      url: `https://linear.app/${w.organization.urlKey}/profiles/${user.displayName}`,
      organization: () => this.organization(),
    };
  }

  organization(): View {
    return { ...this.world.organization };
  }

  state(state: StateRecord): View {
    return { ...state, team: () => this.team(this.teamRecord(state.teamId)) };
  }

  team(team: TeamRecord): View {
    return {
      id: team.id,
      key: team.key,
      name: team.name,
      displayName: team.name,
      states: (args: Args) =>
        connection(
          this.world.teamStates(team.id).map((s) => this.state(s)),
          args,
        ),
      organization: () => this.organization(),
    };
  }

  label(label: LabelRecord): View {
    return { ...label, isGroup: false };
  }

  issue(issue: IssueRecord): View {
    const w = this.world;
    return {
      id: issue.id,
      identifier: issue.identifier,
      number: issue.number,
      title: issue.title,
      description: issue.description,
      url: w.issueUrl(issue),
      branchName: `${issue.identifier.toLowerCase()}`,
      priority: 0,
      labelIds: issue.labelIds,
      createdAt: issue.createdAt,
      updatedAt: issue.updatedAt,
      state: () => this.state(w.stateOf(issue)),
      team: () => this.team(this.teamRecord(issue.teamId)),
      labels: (args: Args) =>
        connection(
          issue.labelIds.flatMap((id) => {
            const label = w.labels.get(id);
            return label ? [this.label(label)] : [];
          }),
          args,
        ),
      parent: () => {
        const parent = issue.parentId ? w.issues.get(issue.parentId) : undefined;
        return parent ? this.issue(parent) : null;
      },
      children: (args: Args) =>
        connection(
          w.childrenOf(issue.id).map((c) => this.issue(c)),
          args,
        ),
      comments: (args: Args) => {
        const filter = (args.filter as Args | undefined) ?? {};
        const found = w.commentsOn(issue.id).filter((c) => commentMatches(w, c, filter));
        return connection(
          found.map((c) => this.comment(c)),
          args,
        );
      },
      attachments: (args: Args) =>
        connection(
          w.attachmentsOn(issue.id).map((a) => this.attachment(a)),
          args,
        ),
      creator: () => {
        const user = w.users.get(issue.creatorId);
        return user ? this.user(user) : null;
      },
      delegate: () => this.userOrNull(issue.delegateId),
      // Newest first, as Linear lists history.
      history: (args: Args) =>
        connection(
          w.history.of(issue.id).map((h) => this.history(h)),
          args,
        ),
    };
  }

  userOrNull(id: string | null | undefined): View | null {
    const user = id ? this.world.users.get(id) : undefined;
    return user ? this.user(user) : null;
  }

  history(entry: HistoryRecord): View {
    return {
      id: entry.id,
      createdAt: entry.createdAt,
      updatedAt: entry.createdAt,
      addedLabelIds: entry.addedLabelIds ?? null,
      actorId: entry.actorId,
      actor: () => this.userOrNull(entry.actorId),
      botActor: () => (entry.botActor ? { id: null, ...entry.botActor } : null),
      toDelegate: () => this.userOrNull(entry.toDelegateId),
      issue: () => {
        const issue = this.world.issues.get(entry.issueId);
        if (!issue) throw entityNotFound('Issue');
        return this.issue(issue);
      },
    };
  }

  comment(comment: CommentRecord): View {
    const w = this.world;
    return {
      ...comment,
      url: `https://linear.app/${w.organization.urlKey}/comment/${comment.id}`,
      issue: () => {
        const issue = w.issues.get(comment.issueId);
        return issue ? this.issue(issue) : null;
      },
      user: () => {
        const user = w.users.get(comment.userId);
        return user ? this.user(user) : null;
      },
    };
  }

  attachment(attachment: AttachmentRecord): View {
    const w = this.world;
    return {
      ...attachment,
      metadata: {},
      groupBySource: false,
      issue: () => {
        const issue = w.issues.get(attachment.issueId);
        if (!issue) throw entityNotFound('Issue');
        return this.issue(issue);
      },
    };
  }

  teamRecord(id: string): TeamRecord {
    const team = this.world.teams.get(id);
    if (!team) throw entityNotFound('Team');
    return team;
  }
}

/** Root fields: the queries and mutations the action sends. */
export function rootResolvers(world: LinearWorld): Record<string, (args: Args) => unknown> {
  const views = new Views(world);
  const payload = (key: string, value: View): View => ({
    success: true,
    lastSyncId: world.lastSyncId++,
    [key]: value,
  });
  const issueOrThrow = (id: string): IssueRecord => {
    const issue = world.findIssue(id);
    if (!issue) throw entityNotFound('Issue');
    return issue;
  };
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

  return {
    // Queries
    viewer: () => views.user(world.viewer),
    organization: () => views.organization(),
    issue: (args) => views.issue(issueOrThrow(String(args.id))),
    team: (args) => views.team(views.teamRecord(String(args.id))),
    issues: (args) => {
      const filter = (args.filter as Args | undefined) ?? {};
      const found = [...world.issues.values()]
        .filter((i) => issueMatches(world, i, filter))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.number - b.number);
      // Cursors are positions in the filtered list.
      const start = typeof args.after === 'string' ? Number(args.after) + 1 : 0;
      const first = typeof args.first === 'number' ? args.first : 50;
      const page = found.slice(start, start + first).map((i) => views.issue(i));
      return {
        nodes: page,
        edges: page.map((node, i) => ({ node, cursor: String(start + i) })),
        pageInfo: {
          hasNextPage: start + page.length < found.length,
          hasPreviousPage: start > 0,
          startCursor: page.length > 0 ? String(start) : null,
          endCursor: page.length > 0 ? String(start + page.length - 1) : null,
        },
      };
    },
    attachmentsForURL: (args) => {
      const url = String(args.url);
      const found = [...world.attachments.values()].filter((a) => a.url === url);
      return connection(
        found.map((a) => views.attachment(a)),
        args,
      );
    },
    comment: (args) => {
      const comment = world.comments.get(String(args.id));
      if (!comment) throw entityNotFound('Comment');
      return views.comment(comment);
    },

    // Mutations
    commentCreate: (args) => {
      const input = args.input as Args;
      const issueId = str(input.issueId);
      if (!issueId || typeof input.body !== 'string') throw invalidInput('issueId and body are required');
      const issue = issueOrThrow(issueId);
      const id = str(input.id);
      if (id && world.comments.has(id)) throw invalidInput(`Comment with id ${id} already exists`);
      const comment = world.addComment({ issueId: issue.id, body: input.body, ...(id ? { id } : {}) });
      return payload('comment', views.comment(comment));
    },
    commentUpdate: (args) => {
      const comment = world.comments.get(String(args.id));
      if (!comment) throw entityNotFound('Comment');
      const input = args.input as Args;
      if (typeof input.body === 'string') comment.body = world.storedBody(input.body);
      comment.updatedAt = world.now();
      comment.editedAt = world.now();
      return payload('comment', views.comment(comment));
    },
    issueUpdate: (args) => {
      const issue = issueOrThrow(String(args.id));
      const input = args.input as Args;
      const stateId = str(input.stateId);
      if (stateId) {
        const state = world.states.get(stateId);
        if (!state) throw entityNotFound('WorkflowState');
        if (state.teamId !== issue.teamId) throw invalidInput('State does not belong to the issue’s team');
        issue.stateId = state.id;
      }
      if (typeof input.title === 'string') issue.title = input.title;
      if (typeof input.description === 'string') issue.description = input.description;
      issue.updatedAt = world.now();
      return payload('issue', views.issue(issue));
    },
    attachmentCreate: (args) => {
      const input = args.input as Args;
      const issue = issueOrThrow(String(input.issueId));
      const attachment = world.addAttachment({
        issueId: issue.id,
        url: String(input.url),
        title: String(input.title),
        subtitle: str(input.subtitle) ?? null,
      });
      return payload('attachment', views.attachment(attachment));
    },
    attachmentLinkURL: (args) => {
      const issue = issueOrThrow(String(args.issueId));
      const url = String(args.url);
      const attachment = world.addAttachment({ issueId: issue.id, url, title: str(args.title) ?? url });
      return payload('attachment', views.attachment(attachment));
    },
    issueCreate: (args) => {
      const input = args.input as Args;
      const team = views.teamRecord(String(input.teamId));
      const id = str(input.id);
      if (id && world.issues.has(id)) throw invalidInput(`Issue with id ${id} already exists`);
      const parentId = str(input.parentId);
      if (parentId) issueOrThrow(parentId);
      const issue = world.addIssue({
        team,
        title: str(input.title) ?? 'Untitled',
        description: str(input.description) ?? null,
        parentId: parentId ? issueOrThrow(parentId).id : null,
        ...(id ? { id } : {}),
      });
      return payload('issue', views.issue(issue));
    },
  };
}

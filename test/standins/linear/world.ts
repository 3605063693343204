import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../src/util/clock.js';
import { AgentSessions } from './agent-sessions.js';
import { IssueHistoryLog } from './history.js';

/** Linear's data, as much as the action touches, kept in memory and seeded by tests. */

export interface UserRecord {
  id: string;
  name: string;
  displayName: string;
  email: string;
  /** Linear's account flags (default: an active member, not a guest, not an app). */
  active?: boolean;
  guest?: boolean;
  app?: boolean;
}

export interface StateRecord {
  id: string;
  teamId: string;
  name: string;
  type: 'triage' | 'backlog' | 'unstarted' | 'started' | 'completed' | 'canceled';
  position: number;
  color: string;
}

export interface TeamRecord {
  id: string;
  key: string;
  name: string;
  nextNumber: number;
}

export interface IssueRecord {
  id: string;
  teamId: string;
  number: number;
  identifier: string;
  title: string;
  description: string | null;
  stateId: string;
  labelIds: string[];
  parentId: string | null;
  creatorId: string;
  createdAt: string;
  updatedAt: string;
  /** The app user the issue is delegated to. */
  delegateId?: string | null;
}

export interface CommentRecord {
  id: string;
  issueId: string;
  userId: string;
  body: string;
  createdAt: string;
  updatedAt: string;
  editedAt: string | null;
}

export interface AttachmentRecord {
  id: string;
  issueId: string;
  url: string;
  title: string;
  subtitle: string | null;
  sourceType: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface LabelRecord {
  id: string;
  name: string;
  color: string;
}

/** Linear's default workflow for a new team. */
export const DEFAULT_STATES: { name: string; type: StateRecord['type'] }[] = [
  { name: 'Backlog', type: 'backlog' },
  { name: 'Todo', type: 'unstarted' },
  { name: 'In Progress', type: 'started' },
  { name: 'In Review', type: 'started' },
  { name: 'Done', type: 'completed' },
  { name: 'Canceled', type: 'canceled' },
];

export class LinearWorld {
  readonly organization = { id: randomUUID(), name: 'Acme', urlKey: 'acme' };
  readonly viewer: UserRecord = {
    id: randomUUID(),
    name: 'Cyrus Bot',
    displayName: 'cyrus',
    email: 'cyrus@acme.test',
  };
  readonly users = new Map<string, UserRecord>([[this.viewer.id, this.viewer]]);
  readonly teams = new Map<string, TeamRecord>();
  readonly states = new Map<string, StateRecord>();
  readonly labels = new Map<string, LabelRecord>();
  readonly issues = new Map<string, IssueRecord>();
  readonly comments = new Map<string, CommentRecord>();
  readonly attachments = new Map<string, AttachmentRecord>();
  /** Labels applied and delegations, with who made them (history.ts). */
  readonly history = new IssueHistoryLog(this);
  lastSyncId = 1000;
  readonly agentSessions = new AgentSessions(this);
  /** Set by `installApp`: the OAuth token then answers as the app user (`viewer.app`). */
  appInstalled = false;
  /** How the request being answered authenticated (the stand-in sets it per request). */
  credential: 'apiKey' | 'accessToken' = 'apiKey';

  constructor(private readonly clock: Clock) {}

  now(): string {
    return new Date(this.clock.now()).toISOString();
  }

  clockNow(): number {
    return this.clock.now();
  }

  /** The OAuth app installed with `actor=app`: its token is an agent; a personal key never is. */
  installApp(): void {
    this.appInstalled = true;
  }

  actingAsApp(): boolean {
    return this.appInstalled && this.credential === 'accessToken';
  }

  addUser(name: string, flags: Pick<UserRecord, 'active' | 'guest' | 'app'> = {}): UserRecord {
    const user = {
      id: randomUUID(),
      name,
      displayName: name.toLowerCase(),
      email: `${name.toLowerCase()}@acme.test`,
      ...flags,
    };
    this.users.set(user.id, user);
    return user;
  }

  addTeam(
    key: string,
    options: { name?: string; states?: { name: string; type: StateRecord['type'] }[] } = {},
  ) {
    const team: TeamRecord = { id: randomUUID(), key, name: options.name ?? key, nextNumber: 1 };
    this.teams.set(team.id, team);
    for (const [position, s] of (options.states ?? DEFAULT_STATES).entries()) {
      const state: StateRecord = { id: randomUUID(), teamId: team.id, position, color: '#888888', ...s };
      this.states.set(state.id, state);
    }
    return team;
  }

  addLabel(name: string): LabelRecord {
    const label = { id: randomUUID(), name, color: '#5e6ad2' };
    this.labels.set(label.id, label);
    return label;
  }

  teamStates(teamId: string): StateRecord[] {
    return [...this.states.values()]
      .filter((s) => s.teamId === teamId)
      .sort((a, b) => a.position - b.position);
  }

  stateNamed(teamId: string, name: string): StateRecord {
    const state = this.teamStates(teamId).find((s) => s.name === name);
    if (!state) throw new Error(`stand-in: no state ${name}`);
    return state;
  }

  addIssue(options: {
    team: TeamRecord;
    title: string;
    description?: string | null;
    state?: string;
    labels?: LabelRecord[];
    parentId?: string | null;
    id?: string;
    creatorId?: string;
    /** The GitHub issue this one is synced with: adds the sync's attachment. */
    githubUrl?: string;
  }): IssueRecord {
    const { team } = options;
    const states = this.teamStates(team.id);
    const state = options.state
      ? this.stateNamed(team.id, options.state)
      : (states.find((s) => s.type === 'unstarted') ?? states[0]);
    if (!state) throw new Error(`stand-in: team ${team.key} has no states`);
    const number = team.nextNumber++;
    const issue: IssueRecord = {
      id: options.id ?? randomUUID(),
      teamId: team.id,
      number,
      identifier: `${team.key}-${number}`,
      title: options.title,
      description: options.description ?? null,
      stateId: state.id,
      labelIds: (options.labels ?? []).map((l) => l.id),
      parentId: options.parentId ?? null,
      creatorId: options.creatorId ?? this.viewer.id,
      createdAt: this.now(),
      updatedAt: this.now(),
    };
    this.issues.set(issue.id, issue);
    if (options.githubUrl) {
      this.addAttachment({
        issueId: issue.id,
        url: options.githubUrl,
        title: 'GitHub issue',
        sourceType: 'github',
      });
    }
    return issue;
  }

  issueUrl(issue: IssueRecord): string {
    const slug = issue.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    return `https://linear.app/${this.organization.urlKey}/issue/${issue.identifier}/${slug}`;
  }

  findIssue(idOrIdentifier: string): IssueRecord | undefined {
    const byId = this.issues.get(idOrIdentifier);
    if (byId) return byId;
    const wanted = idOrIdentifier.toUpperCase();
    return [...this.issues.values()].find((i) => i.identifier === wanted);
  }

  /**
   * Comment bodies go through rich text (ProseMirror) on Linear and come back as markdown: an HTML
   * comment may not survive. Switched on, a marker cannot find a comment: only its id can (the
   * end-to-end runs switch it on; unit tests of the body text leave it off).
   */
  richTextDropsHtmlComments = false;

  /** A body as Linear would store it. */
  storedBody(body: string): string {
    return this.richTextDropsHtmlComments ? body.replace(/<!--[\s\S]*?-->\n?/g, '') : body;
  }

  addComment(options: { issueId: string; body: string; userId?: string; id?: string }): CommentRecord {
    const comment: CommentRecord = {
      id: options.id ?? randomUUID(),
      issueId: options.issueId,
      userId: options.userId ?? this.viewer.id,
      body: this.storedBody(options.body),
      createdAt: this.now(),
      updatedAt: this.now(),
      editedAt: null,
    };
    this.comments.set(comment.id, comment);
    return comment;
  }

  addAttachment(options: {
    issueId: string;
    url: string;
    title: string;
    subtitle?: string | null;
    sourceType?: string | null;
  }): AttachmentRecord {
    // Linear: the same url on the same issue updates the attachment instead of adding one.
    const existing = [...this.attachments.values()].find(
      (a) => a.issueId === options.issueId && a.url === options.url,
    );
    if (existing) {
      existing.title = options.title;
      if (options.subtitle !== undefined) existing.subtitle = options.subtitle;
      existing.updatedAt = this.now();
      return existing;
    }
    const attachment: AttachmentRecord = {
      id: randomUUID(),
      issueId: options.issueId,
      url: options.url,
      title: options.title,
      subtitle: options.subtitle ?? null,
      sourceType: options.sourceType ?? null,
      createdAt: this.now(),
      updatedAt: this.now(),
    };
    this.attachments.set(attachment.id, attachment);
    return attachment;
  }

  commentsOn(issueId: string): CommentRecord[] {
    return [...this.comments.values()].filter((c) => c.issueId === issueId);
  }

  attachmentsOn(issueId: string): AttachmentRecord[] {
    return [...this.attachments.values()].filter((a) => a.issueId === issueId);
  }

  childrenOf(issueId: string): IssueRecord[] {
    return [...this.issues.values()].filter((i) => i.parentId === issueId);
  }

  stateOf(issue: IssueRecord): StateRecord {
    const state = this.states.get(issue.stateId);
    if (!state) throw new Error('stand-in: issue without state');
    return state;
  }
}

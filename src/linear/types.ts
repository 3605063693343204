import type { IssueChanges } from './batch.js';
import type { LinearIssueRef, LinearViewer, WorkflowStateRef } from './queries.js';
import type { AgentSessionGateway } from './session/index.js';
import type { TriggeredIssuesPage, TriggeredIssuesRequest } from './triggered.js';

/** A comment on the GitHub issue, as much of it as the mapping reads. */
export interface GitHubIssueComment {
  user: { login: string } | null;
  body?: string | null;
}

export interface GitHubIssueTarget {
  /** The issue's `html_url`: the URL Linear's sync attaches to its twin. */
  url: string;
  /** Only read when no attachment matches (so a synced issue costs no GitHub request). */
  listComments: () => Promise<GitHubIssueComment[]>;
}

/** An identifier (`ENG-123`, a UUID or a Linear issue URL), or a GitHub issue to find the twin of. */
export type IssueLookup = { identifier: string } | { githubIssue: GitHubIssueTarget };

export type ResolvedIssue =
  | { found: true; context: IssueContext; via: 'identifier' | 'attachment' | 'linkback' }
  | { found: false; context: null; reason: string };

/** A run's whole view of a Linear issue, from one query. */
export interface IssueContext {
  id: string;
  identifier: string;
  title: string;
  description: string | null;
  url: string;
  state: WorkflowStateRef;
  team: { id: string; key: string; name: string; states: (WorkflowStateRef & { position: number })[] };
  labels: { id: string; name: string }[];
  parent: LinearIssueRef | null;
  children: (LinearIssueRef & { state: WorkflowStateRef })[];
  /** The action's own tracking comment on the issue, when it already left one. */
  trackingCommentId: string | null;
}

export interface AppliedChanges {
  /** The tracking comment's id (store it in the ledger), or null when no comment was sent. */
  commentId: string | null;
  commentCreated: boolean;
  /** The state the issue was moved to, or why it was not. */
  state: { moved: true; to: WorkflowStateRef } | { moved: false; reason: string } | null;
  attachments: { url: string; id: string }[];
  subIssues: { key: string; issue: LinearIssueRef; created: boolean }[];
  /** Changes Linear refused or that were left out on purpose, each with the reason. */
  skipped: { what: string; reason: string }[];
  /** Requests this call sent (for the request budget). */
  requests: number;
}

/**
 * Linear, as the orchestrator needs it. Every method costs a known number of requests: a lookup
 * or context is one, `applyChanges` is one (aliased mutations in a single document) unless Linear
 * fails part of it. A typical issue: context (1), comment + "started" + sub-issues (1), PR links +
 * "in review" + comment (1), final comment (1).
 *
 * The tracking comment is created once: its id is derived from the issue, found again among the
 * key's own comments (by that id or by TRACKING_MARKER, the renderer's first line), and otherwise
 * taken from the ledger (`IssueRecord.tracking.linearCommentId`) via `comment.id`.
 */
export interface LinearGateway {
  /** A Linear identifier as given, or the Linear twin of a GitHub issue (null with a reason). */
  resolveIssue(target: IssueLookup): Promise<ResolvedIssue>;
  /** One query; cached for `applyChanges` until `refresh`. */
  getIssueContext(idOrIdentifier: string, options?: { refresh?: boolean }): Promise<IssueContext>;
  /** Issues that have an attachment with this URL (a synced GitHub issue's `html_url`), one query. */
  findIssuesForUrl(url: string): Promise<IssueContext[]>;
  /** One page of issues labelled or delegated in Linear (the sweep), one query. */
  findTriggeredIssues(request: TriggeredIssuesRequest): Promise<TriggeredIssuesPage>;
  applyChanges(changes: IssueChanges): Promise<AppliedChanges>;
  /** Who the key belongs to (for `cyrus status`). */
  viewer(): Promise<LinearViewer>;
  /**
   * Linear's Agents API, when the credential is an app's (an OAuth app installed with
   * `actor=app`, told apart by `viewer.app`); undefined for a personal key (no request) or a
   * user's OAuth token.
   */
  agentSessions(): Promise<AgentSessionGateway | undefined>;
}

/** Issues, their comments, and PR reviews of the stand-in. Issues and PRs share one numbering. */

export interface IssueRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  labels: string[];
  /** Login that opened the issue. */
  user: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** Who applied each label, oldest first: what `GET /issues/{n}/events` lists. */
  labelEvents: LabelEventRecord[];
}

export interface LabelEventRecord {
  id: number;
  label: string;
  actor: string;
  /** `User` or `Bot`, as GitHub reports the account. */
  actorType: 'User' | 'Bot';
  createdAt: string;
}

export interface CommentRecord {
  id: number;
  /** Number of the issue (or PR) the comment is on. */
  issueNumber: number;
  body: string;
  user: string;
  createdAt: string;
  updatedAt: string;
}

export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'PENDING';

export interface ReviewRecord {
  id: number;
  pullNumber: number;
  user: string;
  body: string;
  state: ReviewState;
  commitId: string;
  submittedAt: string | null;
}

export interface NewIssueRecord {
  title: string;
  body?: string;
  labels?: string[];
  user?: string;
  state?: 'open' | 'closed';
  /** Who applied `labels` (default: the issue's author, a user). */
  labeledBy?: { login: string; type?: 'User' | 'Bot' };
}

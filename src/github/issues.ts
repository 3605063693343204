import type { GatewayContext } from './check-types.js';
import { conditionalGet } from './etag-cache.js';
import { isNotFound } from './http-errors.js';
import type { LabelActor } from './label-events.js';
import { IssueCommentPayload, IssuePayload } from './schemas.js';

export interface IssueInfo {
  number: number;
  /** The issue's html_url (what Linear's sync attaches). */
  url: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  author: string | null;
  createdAt: string;
  /** The issues API also returns PRs; they carry this flag. */
  isPullRequest: boolean;
}

export interface IssueCommentInfo {
  id: number;
  body: string;
  author: string | null;
  url: string;
  createdAt: string;
  updatedAt: string;
}

/** Issues and their comments (the tracking comment when an issue has no Linear twin). */
export interface IssuesGateway {
  getIssue(number: number): Promise<IssueInfo | null>;
  /** Every comment, oldest first (up to 1,000). */
  listIssueComments(number: number): Promise<IssueCommentInfo[]>;
  createIssueComment(number: number, body: string): Promise<IssueCommentInfo>;
  updateIssueComment(commentId: number, body: string): Promise<IssueCommentInfo>;
  /** Open issues (not PRs) carrying `label`, oldest first, at most `limit`: the schedule sweep. */
  listOpenIssuesWithLabel(label: string, options: { limit: number }): Promise<IssueInfo[]>;
  /** Who last applied `label` to the issue (its issue events), or null. */
  labelActor(number: number, label: string): Promise<LabelActor | null>;
}

const MAX_PAGES = 10;

function toIssue(issue: IssuePayload): IssueInfo {
  return {
    number: issue.number,
    url: issue.html_url,
    title: issue.title,
    body: issue.body ?? '',
    state: issue.state === 'closed' ? 'closed' : 'open',
    labels: issue.labels
      .map((l) => (typeof l === 'string' ? l : (l.name ?? '')))
      .filter((name) => name !== ''),
    author: issue.user?.login ?? null,
    createdAt: issue.created_at,
    isPullRequest: issue.pull_request !== undefined,
  };
}

function toComment(comment: IssueCommentPayload): IssueCommentInfo {
  return {
    id: comment.id,
    body: comment.body ?? '',
    author: comment.user?.login ?? null,
    url: comment.html_url,
    createdAt: comment.created_at,
    updatedAt: comment.updated_at,
  };
}

export async function getIssue(ctx: GatewayContext, number: number): Promise<IssueInfo | null> {
  try {
    const { data } = await ctx.client.request('GET /repos/{owner}/{repo}/issues/{issue_number}', {
      ...ctx.repository,
      issue_number: number,
    });
    return toIssue(IssuePayload.parse(data));
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

export async function listIssueComments(ctx: GatewayContext, number: number): Promise<IssueCommentInfo[]> {
  const comments: IssueCommentInfo[] = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    // Conditional: a tracking-comment lookup repeated in one job costs nothing when nothing changed.
    const data = await conditionalGet(
      ctx.client,
      ctx.etags,
      '/repos/{owner}/{repo}/issues/{issue_number}/comments',
      {
        ...ctx.repository,
        issue_number: number,
        per_page: 100,
        page,
      },
    );
    const batch = IssueCommentPayload.array().parse(data);
    comments.push(...batch.map(toComment));
    if (batch.length < 100) break;
  }
  return comments;
}

export async function createIssueComment(
  ctx: GatewayContext,
  number: number,
  body: string,
): Promise<IssueCommentInfo> {
  const { data } = await ctx.client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    ...ctx.repository,
    issue_number: number,
    body,
  });
  return toComment(IssueCommentPayload.parse(data));
}

export async function updateIssueComment(
  ctx: GatewayContext,
  commentId: number,
  body: string,
): Promise<IssueCommentInfo> {
  const { data } = await ctx.client.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
    ...ctx.repository,
    comment_id: commentId,
    body,
  });
  return toComment(IssueCommentPayload.parse(data));
}

export async function listOpenIssuesWithLabel(
  ctx: GatewayContext,
  label: string,
  options: { limit: number },
): Promise<IssueInfo[]> {
  const limit = Math.max(0, Math.floor(options.limit));
  const found: IssueInfo[] = [];
  for (let page = 1; page <= MAX_PAGES && found.length < limit; page += 1) {
    const { data } = await ctx.client.request('GET /repos/{owner}/{repo}/issues', {
      ...ctx.repository,
      labels: label,
      state: 'open',
      sort: 'created',
      direction: 'asc',
      per_page: 100,
      page,
    });
    const batch = IssuePayload.array().parse(data);
    found.push(...batch.map(toIssue).filter((issue) => !issue.isPullRequest));
    if (batch.length < 100) break;
  }
  return found.slice(0, limit);
}

import { z } from 'zod';
import type { GatewayContext } from './check-types.js';
import { ReviewPayload } from './schemas.js';

export type ReviewEvent = 'COMMENT' | 'REQUEST_CHANGES' | 'APPROVE';

export interface NewReview {
  body: string;
  /**
   * COMMENT is the safe choice for the action: GitHub refuses APPROVE and REQUEST_CHANGES on a PR
   * opened by the same identity (422), which is the case for PRs the action opened itself.
   */
  event: ReviewEvent;
  /** The commit reviewed; GitHub uses the PR's head when omitted. */
  commitId?: string;
}

export interface ReviewInfo {
  id: number;
  /** APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED or PENDING. */
  state: string;
  body: string;
  author: string | null;
  commitId: string | null;
  url: string;
}

function toReview(review: ReviewPayload): ReviewInfo {
  return {
    id: review.id,
    state: review.state,
    body: review.body,
    author: review.user?.login ?? null,
    commitId: review.commit_id,
    url: review.html_url,
  };
}

export async function createReview(
  ctx: GatewayContext,
  pullNumber: number,
  review: NewReview,
): Promise<ReviewInfo> {
  const { data } = await ctx.client.request('POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', {
    ...ctx.repository,
    pull_number: pullNumber,
    body: review.body,
    event: review.event,
    ...(review.commitId ? { commit_id: review.commitId } : {}),
  });
  return toReview(ReviewPayload.parse(data));
}

export async function listReviews(ctx: GatewayContext, pullNumber: number): Promise<ReviewInfo[]> {
  const { data } = await ctx.client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', {
    ...ctx.repository,
    pull_number: pullNumber,
    per_page: 100,
  });
  return ReviewPayload.array().parse(data).map(toReview);
}

/** The PR's diff as GitHub renders it (three-dot, base merge base to head). */
export async function getPullRequestDiff(ctx: GatewayContext, pullNumber: number): Promise<string> {
  const { data } = await ctx.client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
    ...ctx.repository,
    pull_number: pullNumber,
    mediaType: { format: 'diff' },
  });
  return z.string().parse(data);
}

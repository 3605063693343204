import { z } from 'zod';
import type { ReviewState } from './issues-state.js';
import * as payload from './payloads.js';
import * as issues from './payloads-issues.js';
import {
  canWrite,
  forbidden,
  invalid,
  linkHeader,
  notFound,
  paging,
  type Reply,
  type RouteContext,
  route,
} from './router.js';
import { isoNow, type RepoRecord } from './state.js';

/** Commenting and reviewing need only read access (anyone can comment on what they can see). */
const readers = (_ctx: RouteContext, _repo: RepoRecord): Reply | null => null;

/** An issue, or a PR seen as an issue (they share numbers). */
function issueLike(repo: RepoRecord, n: number) {
  const found = repo.issues.find((i) => i.number === n);
  if (found) return issues.fromIssue(found);
  const pull = repo.pulls.find((p) => p.number === n);
  return pull ? issues.fromPull(pull) : undefined;
}

route('GET', '/issues', (ctx, repo) => {
  const q = ctx.query;
  const state = q.get('state') ?? 'open';
  if (!['open', 'closed', 'all'].includes(state))
    return invalid('Validation Failed', [{ resource: 'Issue', field: 'state', code: 'invalid' }]);
  const wanted = (q.get('labels') ?? '')
    .split(',')
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l !== '');
  const sort = q.get('sort') ?? 'created';
  const direction = q.get('direction') ?? 'desc';
  let all = [...repo.issues.map(issues.fromIssue), ...repo.pulls.map(issues.fromPull)];
  all = all.filter((i) => state === 'all' || i.state === state);
  // Every label asked for must be on the issue.
  all = all.filter((i) => wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w)));
  const field = sort === 'updated' ? 'updatedAt' : 'createdAt';
  all.sort((a, b) => a[field].localeCompare(b[field]) || a.number - b.number);
  if (direction === 'desc') all.reverse();
  const { perPage, page } = paging(q);
  const last = Math.max(Math.ceil(all.length / perPage), 1);
  return {
    status: 200,
    body: all.slice((page - 1) * perPage, page * perPage).map((i) => issues.issue(ctx.state, repo, i)),
    headers: linkHeader(ctx, `/repos/${repo.owner}/${repo.name}/issues`, page, last),
  };
});

route('GET', '/issues/(\\d+)', (ctx, repo) => {
  const found = issueLike(repo, Number(ctx.params[0]));
  return found ? { status: 200, body: issues.issue(ctx.state, repo, found) } : notFound();
});

// Issue events: who applied each label (`labeled`), oldest first, paged like every list.
route('GET', '/issues/(\\d+)/events', (ctx, repo) => {
  const n = Number(ctx.params[0]);
  const found = repo.issues.find((i) => i.number === n);
  if (!found) return repo.pulls.some((p) => p.number === n) ? { status: 200, body: [] } : notFound();
  const { perPage, page } = paging(ctx.query);
  const events = found.labelEvents.map((e) => ({
    id: e.id,
    node_id: `LE_${e.id}`,
    url: `${ctx.state.baseUrl}/repos/${repo.owner}/${repo.name}/issues/events/${e.id}`,
    actor: { ...(payload.simpleUser(ctx.state, e.actor) as Record<string, unknown>), type: e.actorType },
    event: 'labeled',
    commit_id: null,
    commit_url: null,
    created_at: e.createdAt,
    performed_via_github_app: null,
    label: { name: e.label, color: 'ededed' },
  }));
  return { status: 200, body: events.slice((page - 1) * perPage, page * perPage) };
});

route('GET', '/issues/(\\d+)/comments', (ctx, repo) => {
  const n = Number(ctx.params[0]);
  if (!issueLike(repo, n)) return notFound();
  const all = repo.comments.filter((c) => c.issueNumber === n).sort((a, b) => a.id - b.id);
  const { perPage, page } = paging(ctx.query);
  const last = Math.max(Math.ceil(all.length / perPage), 1);
  return {
    status: 200,
    body: all.slice((page - 1) * perPage, page * perPage).map((c) => issues.issueComment(ctx.state, repo, c)),
    headers: linkHeader(ctx, `/repos/${repo.owner}/${repo.name}/issues/${n}/comments`, page, last),
  };
});

const CommentBody = z.object({ body: z.string().min(1).max(65536) });

route(
  'POST',
  '/issues/(\\d+)/comments',
  (ctx, repo) => {
    const n = Number(ctx.params[0]);
    if (!issueLike(repo, n)) return notFound();
    const parsed = CommentBody.safeParse(ctx.body);
    if (!parsed.success)
      return invalid('Validation Failed', [
        { resource: 'IssueComment', field: 'body', code: 'missing_field' },
      ]);
    const comment = ctx.state.addIssueComment(repo.owner, repo.name, n, parsed.data.body, ctx.login);
    return {
      status: 201,
      body: issues.issueComment(ctx.state, repo, comment),
      headers: {
        location: `${ctx.state.baseUrl}/repos/${repo.owner}/${repo.name}/issues/comments/${comment.id}`,
      },
    };
  },
  readers,
);

route(
  'PATCH',
  '/issues/comments/(\\d+)',
  (ctx, repo) => {
    const comment = repo.comments.find((c) => c.id === Number(ctx.params[0]));
    if (!comment) return notFound();
    // Your own comment, or anyone's with write access.
    const mine = comment.user.toLowerCase() === ctx.login.toLowerCase();
    if (!mine && !canWrite(ctx.state.permissionOf(repo.owner, repo.name, ctx.login)))
      return forbidden('Resource not accessible by integration');
    const parsed = CommentBody.safeParse(ctx.body);
    if (!parsed.success)
      return invalid('Validation Failed', [
        { resource: 'IssueComment', field: 'body', code: 'missing_field' },
      ]);
    comment.body = parsed.data.body;
    comment.updatedAt = isoNow();
    return { status: 200, body: issues.issueComment(ctx.state, repo, comment) };
  },
  readers,
);

// --- reviews ------------------------------------------------------------------------------------
const CreateReview = z.object({
  commit_id: z.string().optional(),
  body: z.string().optional(),
  event: z.enum(['APPROVE', 'REQUEST_CHANGES', 'COMMENT']).optional(),
});

const STATE_OF: Record<string, ReviewState> = {
  APPROVE: 'APPROVED',
  REQUEST_CHANGES: 'CHANGES_REQUESTED',
  COMMENT: 'COMMENTED',
};

/** GitHub's `validation-error-simple` 422: a message and plain-string errors. */
const unprocessable = (error: string): Reply => ({
  status: 422,
  body: {
    message: 'Unprocessable Entity',
    errors: [error],
    documentation_url: 'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request',
    status: '422',
  },
});

route(
  'POST',
  '/pulls/(\\d+)/reviews',
  (ctx, repo) => {
    const pr = repo.pulls.find((p) => p.number === Number(ctx.params[0]));
    if (!pr) return notFound();
    const parsed = CreateReview.safeParse(ctx.body ?? {});
    if (!parsed.success)
      return unprocessable('Invalid request: event is not one of APPROVE, REQUEST_CHANGES, COMMENT');
    const body = parsed.data;
    const own = pr.user.toLowerCase() === ctx.login.toLowerCase();
    // As on GitHub: nobody approves or requests changes on their own PR, and only APPROVE may be bodiless.
    if (own && body.event === 'APPROVE') return unprocessable('Can not approve your own pull request');
    if (own && body.event === 'REQUEST_CHANGES')
      return unprocessable('Can not request changes on your own pull request');
    if ((body.event === 'REQUEST_CHANGES' || body.event === 'COMMENT') && !body.body?.trim())
      return unprocessable(`Body is required for ${body.event} events`);
    const commitId = body.commit_id ?? payload.headSha(repo, pr);
    const review = {
      id: ctx.state.id(),
      pullNumber: pr.number,
      user: ctx.login,
      body: body.body ?? '',
      state: body.event ? (STATE_OF[body.event] ?? 'PENDING') : 'PENDING',
      commitId,
      submittedAt: body.event ? isoNow() : null,
    };
    repo.reviews.push(review);
    return { status: 200, body: issues.review(ctx.state, repo, review) };
  },
  readers,
);

route('GET', '/pulls/(\\d+)/reviews', (ctx, repo) => {
  const n = Number(ctx.params[0]);
  if (!repo.pulls.some((p) => p.number === n)) return notFound();
  // Pending reviews are visible only to their author.
  const all = repo.reviews.filter(
    (r) => r.pullNumber === n && (r.state !== 'PENDING' || r.user.toLowerCase() === ctx.login.toLowerCase()),
  );
  const { perPage, page } = paging(ctx.query);
  const last = Math.max(Math.ceil(all.length / perPage), 1);
  return {
    status: 200,
    body: all.slice((page - 1) * perPage, page * perPage).map((r) => issues.review(ctx.state, repo, r)),
    headers: linkHeader(ctx, `/repos/${repo.owner}/${repo.name}/pulls/${n}/reviews`, page, last),
  };
});

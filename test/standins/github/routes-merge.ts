import { z } from 'zod';
import { mergeWorld, type Protection, updateBranch } from './merge-state.js';
import * as payload from './payloads.js';
import * as issues from './payloads-issues.js';
import { forbidden, invalid, notFound, route } from './router.js';
import { type GitHubState, isoNow, type RepoRecord } from './state.js';

// --- PUT /pulls/{n}/update-branch: merge the base into the head (GitHub answers 202, then works) --
const UpdateBranch = z.object({ expected_head_sha: z.string().optional() }).nullish();

route('PUT', '/pulls/(\\d+)/update-branch', (ctx, repo) => {
  const pr = repo.pulls.find((p) => p.number === Number(ctx.params[0]));
  if (!pr) return notFound();
  const parsed = UpdateBranch.safeParse(ctx.body);
  if (!parsed.success) return invalid('Invalid request.');
  if (pr.state !== 'open') return invalid('Pull request is closed');
  const head = payload.headSha(repo, pr);
  const expected = parsed.data?.expected_head_sha;
  if (expected && expected !== head) return invalid("expected head sha didn't match current head ref.");
  const updated = updateBranch(ctx.state, repo, pr, ctx.identity);
  if (!updated.ok) return invalid(updated.message);
  return {
    status: 202,
    body: {
      message: 'Updating pull request branch.',
      url: `${ctx.state.baseUrl}/repos/${repo.owner}/${repo.name}/pulls/${pr.number}`,
    },
  };
});

// --- GET /branches/{b}/protection: administration permission only --------------------------------
route(
  'GET',
  '/branches/(.+)/protection',
  (ctx, repo) => {
    const branch = ctx.params[0] ?? '';
    const rule = mergeWorld(repo).protection.get(branch);
    if (!repo.store.branch(branch)) return { status: 404, body: payload.errorBody(404, 'Branch not found') };
    if (!rule) return { status: 404, body: payload.errorBody(404, 'Branch not protected') };
    return { status: 200, body: branchProtection(ctx.state, repo, branch, rule) };
  },
  (ctx, repo) =>
    ctx.state.permissionOf(repo.owner, repo.name, ctx.login) === 'admin'
      ? null
      : forbidden('Resource not accessible by integration'),
);

function branchProtection(state: GitHubState, repo: RepoRecord, branch: string, rule: Protection) {
  const url = `${state.baseUrl}/repos/${repo.owner}/${repo.name}/branches/${encodeURIComponent(branch)}/protection`;
  const flag = (enabled: boolean) => ({ enabled });
  return {
    url,
    required_status_checks: {
      url: `${url}/required_status_checks`,
      strict: rule.strict,
      contexts: rule.requiredChecks,
      contexts_url: `${url}/required_status_checks/contexts`,
      checks: rule.requiredChecks.map((context) => ({ context, app_id: null })),
    },
    ...(rule.requiredApprovingReviews > 0
      ? {
          required_pull_request_reviews: {
            url: `${url}/required_pull_request_reviews`,
            dismiss_stale_reviews: false,
            require_code_owner_reviews: false,
            require_last_push_approval: false,
            required_approving_review_count: rule.requiredApprovingReviews,
          },
        }
      : {}),
    required_signatures: { url: `${url}/required_signatures`, enabled: false },
    enforce_admins: { url: `${url}/enforce_admins`, enabled: false },
    required_linear_history: flag(false),
    allow_force_pushes: flag(false),
    allow_deletions: flag(false),
    block_creations: flag(false),
    required_conversation_resolution: flag(false),
    lock_branch: flag(false),
    allow_fork_syncing: flag(false),
  };
}

// --- PATCH /issues/{n}: close (or reopen) an issue, as the loop's last step does ----------------
const UpdateIssue = z.object({
  state: z.enum(['open', 'closed']).optional(),
  state_reason: z.enum(['completed', 'not_planned', 'reopened']).nullish(),
});

route('PATCH', '/issues/(\\d+)', (ctx, repo) => {
  const found = repo.issues.find((i) => i.number === Number(ctx.params[0]));
  if (!found) return notFound();
  const parsed = UpdateIssue.safeParse(ctx.body);
  if (!parsed.success)
    return invalid('Validation Failed', [{ resource: 'Issue', field: 'state', code: 'invalid' }]);
  const now = isoNow();
  if (parsed.data.state === 'closed' && found.state === 'open')
    Object.assign(found, { state: 'closed', closedAt: now, updatedAt: now });
  if (parsed.data.state === 'open' && found.state === 'closed')
    Object.assign(found, { state: 'open', closedAt: null, updatedAt: now });
  return { status: 200, body: issues.issue(ctx.state, repo, issues.fromIssue(found)) };
});

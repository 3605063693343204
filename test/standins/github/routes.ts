import { z } from 'zod';
import { ACTIONS_PR_REFUSAL, isActionsToken } from './actions-rules.js';
import * as payload from './payloads.js';
import { forbidden, invalid, linkHeader, notFound, route } from './router.js';
import type { RepoRecord } from './state.js';
import './routes-checks.js';
import './routes-issues.js';
import './routes-merge.js';
import './actions-rules.js';

export { dispatch, type Reply, type RouteContext } from './router.js';

// --- repository -------------------------------------------------------------------------------
route('GET', '', (ctx, repo) => ({
  status: 200,
  body: payload.fullRepository(
    ctx.state,
    repo,
    ctx.state.permissionOf(repo.owner, repo.name, ctx.login) ?? 'none',
  ),
}));

route('GET', '/collaborators/([^/]+)/permission', (ctx, repo) => {
  const login = ctx.params[0] ?? '';
  const role = ctx.state.permissionOf(repo.owner, repo.name, login);
  if (role === undefined) return notFound();
  return { status: 200, body: payload.collaboratorPermission(ctx.state, login, role) };
});

// --- pull requests ----------------------------------------------------------------------------
route('GET', '/pulls', (ctx, repo) => {
  const q = ctx.query;
  const state = q.get('state') ?? 'open';
  const head = q.get('head');
  const base = q.get('base');
  const sort = q.get('sort') ?? 'created';
  const direction = q.get('direction') ?? (sort === 'created' ? 'desc' : 'asc');
  const perPage = Math.min(Math.max(Number(q.get('per_page') ?? 30) || 30, 1), 100);
  const page = Math.max(Number(q.get('page') ?? 1) || 1, 1);
  if (!['open', 'closed', 'all'].includes(state))
    return invalid('Validation Failed', [{ resource: 'PullRequest', field: 'state', code: 'invalid' }]);
  let pulls = repo.pulls.filter((p) => state === 'all' || p.state === state);
  if (head) {
    const [owner, ref] = head.includes(':')
      ? [head.slice(0, head.indexOf(':')), head.slice(head.indexOf(':') + 1)]
      : [repo.owner, head];
    pulls = pulls.filter((p) => p.head.owner.toLowerCase() === owner.toLowerCase() && p.head.ref === ref);
  }
  if (base) pulls = pulls.filter((p) => p.base.ref === base);
  const field = sort === 'updated' ? 'updated_at' : 'created_at';
  // Ties (same second) fall back to the number, so "newest first" is stable.
  pulls = [...pulls].sort((a, b) => a[field].localeCompare(b[field]) || a.number - b.number);
  if (direction === 'desc') pulls.reverse();
  const pageItems = pulls.slice((page - 1) * perPage, page * perPage);
  const last = Math.max(Math.ceil(pulls.length / perPage), 1);
  return {
    status: 200,
    body: pageItems.map((p) => payload.pullRequestSimple(ctx.state, repo, p)),
    headers: linkHeader(ctx, `/repos/${repo.owner}/${repo.name}/pulls`, page, last),
  };
});

const CreatePull = z.object({
  title: z.string().min(1),
  head: z.string().min(1),
  base: z.string().min(1),
  body: z.string().nullish(),
  draft: z.boolean().optional(),
  maintainer_can_modify: z.boolean().optional(),
});

route('POST', '/pulls', (ctx, repo) => {
  const parsed = CreatePull.safeParse(ctx.body);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? 'body');
    return invalid('Validation Failed', [{ resource: 'PullRequest', field, code: 'missing_field' }]);
  }
  if (isActionsToken(ctx.identity) && !ctx.state.actionsTokenRules.mayCreatePullRequests)
    return forbidden(ACTIONS_PR_REFUSAL, 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request');
  const pr = parsed.data;
  const [headOwner, headRef] = pr.head.includes(':')
    ? [pr.head.slice(0, pr.head.indexOf(':')), pr.head.slice(pr.head.indexOf(':') + 1)]
    : [repo.owner, pr.head];
  if (headOwner.toLowerCase() !== repo.owner.toLowerCase() || !repo.store.branch(headRef)) {
    return invalid('Validation Failed', [{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
  }
  if (!repo.store.branch(pr.base))
    return invalid('Validation Failed', [{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
  if (
    repo.pulls.some(
      (p) => p.state === 'open' && !p.fromFork && p.head.ref === headRef && p.base.ref === pr.base,
    )
  ) {
    return invalid('Validation Failed', [
      {
        resource: 'PullRequest',
        code: 'custom',
        message: `A pull request already exists for ${repo.owner}:${headRef}.`,
      },
    ]);
  }
  if (repo.store.branch(headRef) === repo.store.branch(pr.base)) {
    return invalid('Validation Failed', [
      { resource: 'PullRequest', code: 'custom', message: `No commits between ${pr.base} and ${headRef}` },
    ]);
  }
  const stored = ctx.state.addPullRequest(repo.owner, repo.name, {
    head: headRef,
    base: pr.base,
    title: pr.title,
    body: pr.body ?? undefined,
    draft: pr.draft,
    user: ctx.login,
    fromFork: false,
  });
  return {
    status: 201,
    body: payload.pullRequest(ctx.state, repo, stored),
    headers: { location: `${ctx.state.baseUrl}/repos/${repo.owner}/${repo.name}/pulls/${stored.number}` },
  };
});

route('GET', '/pulls/(\\d+)', (ctx, repo) => {
  const pr = repo.pulls.find((p) => p.number === Number(ctx.params[0]));
  if (!pr) return notFound();
  // `Accept: application/vnd.github.diff` (or `.v3.diff`) asks for the PR's diff as text.
  if (/application\/vnd\.github(\.v3)?\.diff/.test(ctx.headers.accept ?? '')) {
    const diff = repo.store.diff(repo.store.branch(pr.base.ref) ?? pr.base.sha, payload.headSha(repo, pr));
    return { status: 200, text: diff, contentType: 'text/plain; charset=utf-8' };
  }
  return { status: 200, body: payload.pullRequest(ctx.state, repo, pr) };
});

const UpdatePull = z.object({
  title: z.string().optional(),
  body: z.string().nullish(),
  state: z.enum(['open', 'closed']).optional(),
  base: z.string().optional(),
});

route('PATCH', '/pulls/(\\d+)', (ctx, repo) => {
  const pr = repo.pulls.find((p) => p.number === Number(ctx.params[0]));
  if (!pr) return notFound();
  const parsed = UpdatePull.safeParse(ctx.body);
  if (!parsed.success)
    return invalid('Validation Failed', [{ resource: 'PullRequest', field: 'state', code: 'invalid' }]);
  const u = parsed.data;
  if (u.title !== undefined) pr.title = u.title;
  if (u.body !== undefined) pr.body = u.body;
  if (u.base !== undefined) pr.base.ref = u.base;
  if (u.state === 'closed' && pr.state === 'open')
    ctx.state.closePullRequest(repo.owner, repo.name, pr.number);
  if (u.state === 'open' && pr.state === 'closed' && !pr.merged)
    Object.assign(pr, { state: 'open', closed_at: null });
  pr.updated_at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { status: 200, body: payload.pullRequest(ctx.state, repo, pr) };
});

// --- branches and refs ------------------------------------------------------------------------
route('GET', '/branches/(.+)', (ctx, repo) => {
  const name = ctx.params[0] ?? '';
  const sha = repo.store.branch(name);
  const commit = sha ? repo.store.commit(sha) : undefined;
  if (!commit) return { status: 404, body: payload.errorBody(404, 'Branch not found') };
  return { status: 200, body: payload.branch(ctx.state, repo, name, commit) };
});

route('GET', '/git/ref/heads/(.+)', (ctx, repo) => {
  const name = ctx.params[0] ?? '';
  const sha = repo.store.branch(name);
  return sha ? { status: 200, body: payload.gitRef(ctx.state, repo, name, sha) } : notFound();
});

const CreateRef = z.object({ ref: z.string(), sha: z.string() });

route('POST', '/git/refs', (ctx, repo) => {
  const parsed = CreateRef.safeParse(ctx.body);
  if (!parsed.success) return invalid('Invalid request.\n\n"ref", "sha" weren\'t supplied.');
  const { ref, sha } = parsed.data;
  if (!/^refs\/[^/]+\/.+/.test(ref))
    return invalid("ref must start with 'refs/' and have at least two slashes.");
  if (!ref.startsWith('refs/heads/'))
    return invalid('Only branch refs (refs/heads/...) are served by this stand-in.');
  const name = ref.slice('refs/heads/'.length);
  const result = repo.store.createBranch(name, sha);
  if (result === 'exists') return invalid('Reference already exists');
  if (result === 'unknown-object') return invalid('Object does not exist');
  return {
    status: 201,
    body: payload.gitRef(ctx.state, repo, name, sha),
    headers: { location: `${ctx.state.baseUrl}/repos/${repo.owner}/${repo.name}/git/refs/heads/${name}` },
  };
});

const UpdateRef = z.object({ sha: z.string(), force: z.boolean().optional() });

route('PATCH', '/git/refs/heads/(.+)', (ctx, repo) => {
  const name = ctx.params[0] ?? '';
  const parsed = UpdateRef.safeParse(ctx.body);
  if (!parsed.success) return invalid('Invalid request.\n\n"sha" wasn\'t supplied.');
  const current = repo.store.branch(name);
  if (!current) return invalid('Reference does not exist');
  if (!repo.store.commit(parsed.data.sha)) return invalid('Object does not exist');
  if (!parsed.data.force && !isAncestor(repo, current, parsed.data.sha))
    return invalid('Update is not a fast forward');
  repo.store.setBranch(name, parsed.data.sha);
  return { status: 200, body: payload.gitRef(ctx.state, repo, name, parsed.data.sha) };
});

function isAncestor(repo: RepoRecord, ancestor: string, of: string): boolean {
  const seen = new Set<string>();
  const stack = [of];
  while (stack.length > 0) {
    const sha = stack.pop() ?? '';
    if (sha === ancestor) return true;
    if (seen.has(sha)) continue;
    seen.add(sha);
    stack.push(...(repo.store.commit(sha)?.parents ?? []));
  }
  return false;
}

route('DELETE', '/git/refs/heads/(.+)', (ctx, repo) =>
  repo.store.deleteBranch(ctx.params[0] ?? '') ? { status: 204 } : invalid('Reference does not exist'),
);

// --- contents ---------------------------------------------------------------------------------
const CONTENTS_DOCS = 'https://docs.github.com/rest/repos/contents#create-or-update-file-contents';

route('GET', '/contents/?(.*)', (ctx, repo) => {
  const path = (ctx.params[0] ?? '').replace(/^\/+|\/+$/g, '');
  const ref = ctx.query.get('ref') ?? repo.defaultBranch;
  const sha = repo.store.branch(ref) ?? (repo.store.commit(ref) ? ref : undefined);
  if (!sha) return { status: 404, body: payload.errorBody(404, `No commit found for the ref ${ref}`) };
  const file = path === '' ? undefined : repo.store.file(sha, path);
  if (file) return { status: 200, body: payload.contentFile(ctx.state, repo, path, file, ref) };
  const entries = repo.store.list(sha, path);
  if (entries)
    return { status: 200, body: entries.map((e) => payload.contentEntry(ctx.state, repo, e, ref)) };
  return notFound();
});

const PutContent = z.object({
  message: z.string(),
  content: z.string(),
  sha: z.string().optional(),
  branch: z.string().optional(),
  committer: z.object({ name: z.string(), email: z.string() }).optional(),
  author: z.object({ name: z.string(), email: z.string() }).optional(),
});

route('PUT', '/contents/(.+)', (ctx, repo) => {
  const path = ctx.params[0] ?? '';
  const parsed = PutContent.safeParse(ctx.body);
  if (!parsed.success) {
    const missing = parsed.error.issues.map((i) => `"${String(i.path[0])}"`).join(', ');
    return invalid(`Invalid request.\n\n${missing} wasn't supplied.`);
  }
  const put = parsed.data;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(put.content.replace(/\s/g, '')))
    return invalid('content is not valid Base64');
  const branch = put.branch ?? repo.defaultBranch;
  const head = repo.store.branch(branch);
  if (!head)
    return { status: 404, body: payload.errorBody(404, `Branch ${branch} not found`, CONTENTS_DOCS) };
  // Compare-and-swap on the blob sha, checked and written with no await in between.
  const current = repo.store.file(head, path);
  if (current && put.sha === undefined) return invalid('Invalid request.\n\n"sha" wasn\'t supplied.');
  // GitHub ignores a sha sent for a path that does not exist yet (measured: 201).
  if (current && put.sha !== undefined && put.sha !== current.sha) {
    return { status: 409, body: payload.errorBody(409, `${path} does not match ${put.sha}`, CONTENTS_DOCS) };
  }
  const content = Buffer.from(put.content, 'base64');
  const who = put.committer ??
    put.author ?? { name: ctx.login, email: `${ctx.login}@users.noreply.example.com` };
  const commit = repo.store.writeFile(branch, path, content, put.message, who);
  const written = repo.store.file(commit.sha, path) ?? { content, sha: '' };
  return {
    status: current ? 200 : 201,
    body: payload.fileCommit(ctx.state, repo, branch, path, written, commit),
  };
});

const DeleteContent = z.object({ message: z.string(), sha: z.string(), branch: z.string().optional() });

route('DELETE', '/contents/(.+)', (ctx, repo) => {
  const path = ctx.params[0] ?? '';
  const parsed = DeleteContent.safeParse(ctx.body);
  if (!parsed.success) return invalid('Invalid request.\n\n"message", "sha" weren\'t supplied.');
  const branch = parsed.data.branch ?? repo.defaultBranch;
  const head = repo.store.branch(branch);
  if (!head) return { status: 404, body: payload.errorBody(404, `Branch ${branch} not found`) };
  const current = repo.store.file(head, path);
  if (!current) return notFound();
  if (current.sha !== parsed.data.sha)
    return { status: 409, body: payload.errorBody(409, `${path} does not match ${parsed.data.sha}`) };
  const commit = repo.store.writeFile(branch, path, null, parsed.data.message, {
    name: ctx.login,
    email: `${ctx.login}@users.noreply.example.com`,
  });
  return { status: 200, body: payload.fileCommit(ctx.state, repo, branch, path, null, commit) };
});

import { z } from 'zod';
import type { CheckConclusion, CheckRunRecord, CheckStatus } from './checks-state.js';
import * as checks from './payloads-checks.js';
import {
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

/**
 * Check runs need a GitHub App installation token with `checks: write` (GitHub's answers: a
 * fine-grained personal token gets "Resource not accessible by personal access token", a classic
 * one "You must authenticate via a GitHub App.").
 */
function checksWrite(ctx: RouteContext): Reply | null {
  const { identity } = ctx;
  if (identity.kind === 'fine-grained-pat')
    return forbidden('Resource not accessible by personal access token');
  if (identity.kind === 'classic-pat') return forbidden('You must authenticate via a GitHub App.');
  if (identity.checks !== 'write') return forbidden('Resource not accessible by integration');
  return null;
}

/** Reading checks: public repositories to anyone; private ones need the checks permission. */
function checksRead(ctx: RouteContext, repo: RepoRecord): Reply | null {
  if (!repo.isPrivate) return null;
  if (ctx.identity.kind === 'fine-grained-pat')
    return forbidden('Resource not accessible by personal access token');
  if (ctx.identity.kind === 'installation' && ctx.identity.checks === 'none')
    return forbidden('Resource not accessible by integration');
  return null;
}

const Status = z.enum(['queued', 'in_progress', 'completed']);
const Conclusion = z.enum([
  'action_required',
  'cancelled',
  'failure',
  'neutral',
  'success',
  'skipped',
  'stale',
  'timed_out',
]);
const Output = z.object({
  title: z.string(),
  summary: z.string().max(65535),
  text: z.string().max(65535).optional(),
});
const CreateCheckRun = z.object({
  name: z.string().min(1),
  head_sha: z.string().min(1),
  details_url: z.string().optional(),
  external_id: z.string().optional(),
  status: Status.optional(),
  started_at: z.string().optional(),
  conclusion: Conclusion.optional(),
  completed_at: z.string().optional(),
  output: Output.optional(),
});
const UpdateCheckRun = CreateCheckRun.omit({ head_sha: true }).partial();

function badBody(error: z.ZodError): Reply {
  const first = error.issues[0];
  return invalid(`Invalid request.\n\n${first?.path.join('.') || 'body'}: ${first?.message ?? 'invalid'}`);
}

/** GitHub's rules for status and conclusion: a conclusion completes the run; completed needs one. */
function lifecycle(
  run: Pick<CheckRunRecord, 'status' | 'conclusion' | 'startedAt' | 'completedAt'>,
  body: { status?: CheckStatus; conclusion?: CheckConclusion; started_at?: string; completed_at?: string },
): string | null {
  if ((body.status === 'completed' || body.completed_at) && !body.conclusion && !run.conclusion)
    return 'Invalid request.\n\nconclusion is required when status is completed.';
  const now = isoNow();
  if (body.conclusion) {
    run.status = 'completed';
    run.conclusion = body.conclusion;
    run.completedAt = body.completed_at ?? now;
  } else if (body.status) {
    run.status = body.status;
    // Back from completed: the old conclusion no longer holds.
    if (body.status !== 'completed') Object.assign(run, { conclusion: null, completedAt: null });
  }
  if (body.started_at) run.startedAt = body.started_at;
  if (run.status !== 'queued') run.startedAt ??= now;
  return null;
}

route(
  'POST',
  '/check-runs',
  (ctx, repo) => {
    const parsed = CreateCheckRun.safeParse(ctx.body);
    if (!parsed.success) return badBody(parsed.error);
    const body = parsed.data;
    if (!repo.store.commit(body.head_sha)) return invalid(`No commit found for SHA: ${body.head_sha}`);
    const app = ctx.identity.app;
    if (!app) return forbidden('You must authenticate via a GitHub App.');
    const suite = ctx.state.suiteFor(repo.owner, repo.name, body.head_sha, app);
    const draft: Pick<CheckRunRecord, 'status' | 'conclusion' | 'startedAt' | 'completedAt'> = {
      status: 'queued',
      conclusion: null,
      startedAt: null,
      completedAt: null,
    };
    const error = lifecycle(draft, body);
    if (error) return invalid(error);
    const run = ctx.state.addCheckRun(repo.owner, repo.name, suite.id, {
      name: body.name,
      detailsUrl: body.details_url,
      externalId: body.external_id,
      title: body.output?.title,
      summary: body.output?.summary,
      text: body.output?.text,
    });
    Object.assign(run, draft);
    ctx.state.refreshSuite(repo, suite);
    return {
      status: 201,
      body: checks.checkRun(ctx.state, repo, run),
      headers: { location: `${ctx.state.baseUrl}/repos/${repo.owner}/${repo.name}/check-runs/${run.id}` },
    };
  },
  checksWrite,
);

route(
  'PATCH',
  '/check-runs/(\\d+)',
  (ctx, repo) => {
    const run = repo.checkRuns.find((r) => r.id === Number(ctx.params[0]));
    if (!run) return notFound();
    // Only the App that created a check run may change it.
    if (run.app.id !== ctx.identity.app?.id) return forbidden('Resource not accessible by integration');
    const parsed = UpdateCheckRun.safeParse(ctx.body);
    if (!parsed.success) return badBody(parsed.error);
    const body = parsed.data;
    const error = lifecycle(run, body);
    if (error) return invalid(error);
    if (body.name) run.name = body.name;
    if (body.details_url !== undefined) run.detailsUrl = body.details_url;
    if (body.external_id !== undefined) run.externalId = body.external_id;
    if (body.output) {
      run.output = {
        title: body.output.title,
        summary: body.output.summary,
        text: body.output.text ?? run.output.text,
      };
    }
    const suite = repo.checkSuites.find((s) => s.id === run.suiteId);
    if (suite) ctx.state.refreshSuite(repo, suite);
    return { status: 200, body: checks.checkRun(ctx.state, repo, run) };
  },
  checksWrite,
);

route(
  'GET',
  '/check-runs/(\\d+)',
  (ctx, repo) => {
    const run = repo.checkRuns.find((r) => r.id === Number(ctx.params[0]));
    return run ? { status: 200, body: checks.checkRun(ctx.state, repo, run) } : notFound();
  },
  checksRead,
);

function noCommit(ref: string): Reply {
  return invalid(`No commit found for SHA: ${ref}`);
}

route(
  'GET',
  '/commits/(.+)/check-runs',
  (ctx, repo) => {
    const ref = ctx.params[0] ?? '';
    const sha = ctx.state.resolveRef(repo, ref);
    if (!sha) return noCommit(ref);
    const q = ctx.query;
    let runs = repo.checkRuns.filter((r) => r.headSha === sha);
    const name = q.get('check_name');
    const status = q.get('status');
    const appId = q.get('app_id');
    if (name) runs = runs.filter((r) => r.name === name);
    if (status) runs = runs.filter((r) => r.status === status);
    if (appId) runs = runs.filter((r) => String(r.app.id) === appId);
    if ((q.get('filter') ?? 'latest') === 'latest') {
      // The most recent run per name within each suite.
      const latest = new Map<string, CheckRunRecord>();
      for (const r of runs) {
        const key = `${r.suiteId}\n${r.name}`;
        const seen = latest.get(key);
        if (!seen || seen.id < r.id) latest.set(key, r);
      }
      runs = [...latest.values()];
    }
    runs = [...runs].sort((a, b) => b.id - a.id);
    const { perPage, page } = paging(q);
    const last = Math.max(Math.ceil(runs.length / perPage), 1);
    return {
      status: 200,
      body: {
        total_count: runs.length,
        check_runs: runs
          .slice((page - 1) * perPage, page * perPage)
          .map((r) => checks.checkRun(ctx.state, repo, r)),
      },
      headers: linkHeader(ctx, `/repos/${repo.owner}/${repo.name}/commits/${ref}/check-runs`, page, last),
    };
  },
  checksRead,
);

route(
  'GET',
  '/commits/(.+)/check-suites',
  (ctx, repo) => {
    const ref = ctx.params[0] ?? '';
    const sha = ctx.state.resolveRef(repo, ref);
    if (!sha) return noCommit(ref);
    const appId = ctx.query.get('app_id');
    const name = ctx.query.get('check_name');
    const suites = repo.checkSuites
      .filter((s) => s.headSha === sha)
      .filter((s) => !appId || String(s.app.id) === appId)
      .filter((s) => !name || repo.checkRuns.some((r) => r.suiteId === s.id && r.name === name));
    const { perPage, page } = paging(ctx.query);
    const last = Math.max(Math.ceil(suites.length / perPage), 1);
    return {
      status: 200,
      body: {
        total_count: suites.length,
        check_suites: suites
          .slice((page - 1) * perPage, page * perPage)
          .map((s) => checks.checkSuite(ctx.state, repo, s)),
      },
      headers: linkHeader(ctx, `/repos/${repo.owner}/${repo.name}/commits/${ref}/check-suites`, page, last),
    };
  },
  checksRead,
);

// --- commit statuses ----------------------------------------------------------------------------
const CreateStatus = z.object({
  state: z.enum(['error', 'failure', 'pending', 'success']),
  target_url: z.string().nullish(),
  description: z.string().nullish(),
  context: z.string().optional(),
});

route('POST', '/statuses/([0-9a-f]{40})', (ctx, repo) => {
  const sha = ctx.params[0] ?? '';
  const parsed = CreateStatus.safeParse(ctx.body);
  if (!parsed.success)
    return invalid('Validation Failed', [{ resource: 'Status', field: 'state', code: 'custom' }]);
  if (!repo.store.commit(sha)) return invalid(`No commit found for SHA: ${sha}`);
  const body = parsed.data;
  if (body.description && body.description.length > 140)
    return invalid('Validation Failed', [
      {
        resource: 'Status',
        field: 'description',
        code: 'custom',
        message: 'description is too long (maximum is 140 characters)',
      },
    ]);
  const stored = ctx.state.addStatus(repo.owner, repo.name, sha, {
    context: body.context ?? 'default',
    state: body.state,
    description: body.description ?? undefined,
    targetUrl: body.target_url ?? undefined,
    creator: ctx.login,
  });
  return { status: 201, body: checks.status(ctx.state, repo, stored) };
});

route('GET', '/commits/(.+)/status', (ctx, repo) => {
  const ref = ctx.params[0] ?? '';
  const sha = ctx.state.resolveRef(repo, ref);
  if (!sha) return notFound();
  return { status: 200, body: checks.combinedStatus(ctx.state, repo, sha) };
});

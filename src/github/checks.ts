import type {
  CheckApp,
  CheckRunInfo,
  CheckRunUpdate,
  CheckSuiteInfo,
  CombinedStatusInfo,
  CommitStatusInfo,
  GatewayContext,
  NewCheckRun,
  NewCommitStatus,
} from './check-types.js';
import { conditionalGet } from './etag-cache.js';
import {
  CheckRunList,
  CheckRunPayload,
  CheckSuiteList,
  type CheckSuitePayload,
  CombinedStatusPayload,
  type CommitStatusPayload,
  CommitStatusPayload as CommitStatusSchema,
} from './schemas.js';

const PER_PAGE = 100;
/** Runs and suites on one commit beyond this many are not read (10 pages). */
const MAX_PAGES = 10;
const DESCRIPTION_LIMIT = 140;

const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

function app(payload: CheckRunPayload['app']): CheckApp | null {
  return payload ? { id: payload.id, slug: payload.slug ?? null, name: payload.name } : null;
}

function toCheckRun(run: CheckRunPayload): CheckRunInfo {
  return {
    id: run.id,
    name: run.name,
    headSha: run.head_sha,
    status: run.status,
    conclusion: run.conclusion,
    url: run.html_url,
    detailsUrl: run.details_url ?? null,
    suiteId: run.check_suite?.id ?? null,
    app: app(run.app),
    title: run.output?.title ?? null,
    summary: run.output?.summary ?? null,
  };
}

function toCheckSuite(suite: CheckSuitePayload): CheckSuiteInfo {
  return {
    id: suite.id,
    headSha: suite.head_sha,
    status: suite.status,
    conclusion: suite.conclusion,
    app: app(suite.app),
    checkRunsCount: suite.latest_check_runs_count ?? 0,
  };
}

function toStatus(status: CommitStatusPayload): CommitStatusInfo {
  return {
    context: status.context,
    state: status.state,
    description: status.description ?? null,
    targetUrl: status.target_url ?? null,
    creator: status.creator?.login ?? null,
  };
}

function runBody(run: NewCheckRun | CheckRunUpdate): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (run.status) body.status = run.status;
  if (run.status === 'in_progress') body.started_at = nowIso();
  if (run.conclusion) {
    body.conclusion = run.conclusion;
    body.completed_at = nowIso();
  }
  if (run.detailsUrl) body.details_url = run.detailsUrl;
  if (run.output) {
    body.output = {
      title: run.output.title.slice(0, 1000),
      summary: truncate(run.output.summary, 65_000),
      ...(run.output.text ? { text: truncate(run.output.text, 65_000) } : {}),
    };
  }
  return body;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 40)}\n\n… (truncated)`;
}

export async function createCheckRun(ctx: GatewayContext, run: NewCheckRun): Promise<CheckRunInfo> {
  const { data } = await ctx.client.request('POST /repos/{owner}/{repo}/check-runs', {
    ...ctx.repository,
    name: run.name,
    head_sha: run.headSha,
    ...(run.externalId ? { external_id: run.externalId } : {}),
    ...runBody(run),
  });
  return toCheckRun(CheckRunPayload.parse(data));
}

export async function updateCheckRun(
  ctx: GatewayContext,
  id: number,
  update: CheckRunUpdate,
): Promise<CheckRunInfo> {
  const { data } = await ctx.client.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
    ...ctx.repository,
    check_run_id: id,
    ...runBody(update),
  });
  return toCheckRun(CheckRunPayload.parse(data));
}

export async function listCheckRunsForRef(
  ctx: GatewayContext,
  ref: string,
  options: { checkName?: string } = {},
): Promise<CheckRunInfo[]> {
  const runs: CheckRunInfo[] = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const data = await conditionalGet(
      ctx.client,
      ctx.etags,
      '/repos/{owner}/{repo}/commits/{ref}/check-runs',
      {
        ...ctx.repository,
        ref,
        filter: 'latest',
        per_page: PER_PAGE,
        page,
        ...(options.checkName ? { check_name: options.checkName } : {}),
      },
    );
    const list = CheckRunList.parse(data);
    runs.push(...list.check_runs.map(toCheckRun));
    if (list.check_runs.length < PER_PAGE || runs.length >= list.total_count) break;
  }
  return runs;
}

export async function listCheckSuitesForRef(ctx: GatewayContext, ref: string): Promise<CheckSuiteInfo[]> {
  const suites: CheckSuiteInfo[] = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const data = await conditionalGet(
      ctx.client,
      ctx.etags,
      '/repos/{owner}/{repo}/commits/{ref}/check-suites',
      {
        ...ctx.repository,
        ref,
        per_page: PER_PAGE,
        page,
      },
    );
    const list = CheckSuiteList.parse(data);
    suites.push(...list.check_suites.map(toCheckSuite));
    if (list.check_suites.length < PER_PAGE || suites.length >= list.total_count) break;
  }
  return suites;
}

export async function getCombinedStatus(ctx: GatewayContext, ref: string): Promise<CombinedStatusInfo> {
  const data = await conditionalGet(ctx.client, ctx.etags, '/repos/{owner}/{repo}/commits/{ref}/status', {
    ...ctx.repository,
    ref,
    per_page: PER_PAGE,
  });
  const combined = CombinedStatusPayload.parse(data);
  return { state: combined.state, sha: combined.sha, statuses: combined.statuses.map(toStatus) };
}

export async function createCommitStatus(
  ctx: GatewayContext,
  status: NewCommitStatus,
): Promise<CommitStatusInfo> {
  const description =
    status.description && status.description.length > DESCRIPTION_LIMIT
      ? `${status.description.slice(0, DESCRIPTION_LIMIT - 1)}…`
      : status.description;
  const { data } = await ctx.client.request('POST /repos/{owner}/{repo}/statuses/{sha}', {
    ...ctx.repository,
    sha: status.sha,
    state: status.state,
    context: status.context,
    ...(description ? { description } : {}),
    ...(status.targetUrl ? { target_url: status.targetUrl } : {}),
  });
  return toStatus(CommitStatusSchema.parse(data));
}

import type { IncomingMessage } from 'node:http';
import type { FaultRule, RouteName } from './faults.js';
import type { LimitKind } from './limits.js';
import {
  errorBody,
  logsBody,
  MESSAGES,
  organizationBody,
  page,
  repoBody,
  runBody,
  userBody,
  validationBody,
} from './payloads.js';
import type { CodegenState } from './state.js';

export type Reply =
  | { status: number; body: unknown; headers?: Record<string, string> }
  | { fault: 'reset' | 'hang' | 'malformed' };

export const ROUTES: { method: string; pattern: RegExp; route: RouteName; kind: LimitKind }[] = [
  { method: 'GET', pattern: /^\/v1\/users\/me$/, route: 'me', kind: 'read' },
  { method: 'GET', pattern: /^\/v1\/organizations$/, route: 'organizations', kind: 'read' },
  { method: 'GET', pattern: /^\/v1\/organizations\/([^/]+)\/repos$/, route: 'repos', kind: 'read' },
  { method: 'POST', pattern: /^\/v1\/organizations\/([^/]+)\/agent\/run$/, route: 'create', kind: 'create' },
  {
    method: 'POST',
    pattern: /^\/v1\/organizations\/([^/]+)\/agent\/run\/resume$/,
    route: 'resume',
    kind: 'create',
  },
  { method: 'GET', pattern: /^\/v1\/organizations\/([^/]+)\/agent\/runs$/, route: 'listRuns', kind: 'read' },
  {
    method: 'GET',
    pattern: /^\/v1\/organizations\/([^/]+)\/agent\/run\/([^/]+)$/,
    route: 'getRun',
    kind: 'read',
  },
  {
    method: 'GET',
    pattern: /^\/v1\/alpha\/organizations\/([^/]+)\/agent\/run\/([^/]+)\/logs$/,
    route: 'logs',
    kind: 'logs',
  },
];

export interface RouteContext {
  state: CodegenState;
  /** Runs the plan allows; creates beyond it answer 402. */
  runQuota?: number;
  /** Runs created so far (for the quota). */
  created: number;
}

/** The answer of one authorised, admitted, fault-free request. */
export async function routeRequest(
  ctx: RouteContext,
  routeName: RouteName,
  m: RegExpExecArray,
  query: URLSearchParams,
  raw: Buffer,
): Promise<Reply> {
  const paging = readPaging(query);
  if ('status' in paging) return paging;
  const { skip, limit } = paging;

  switch (routeName) {
    case 'me':
      return { status: 200, body: userBody(ctx.state.user) };
    case 'organizations':
      return { status: 200, body: page([organizationBody(ctx.state.orgId)], skip, limit) };
    case 'repos':
      return {
        status: 200,
        body: page(
          ctx.state.repos.map((r) => repoBody(ctx.state.orgId, r)),
          skip,
          limit,
        ),
      };
    case 'create': {
      const body = parseJson(raw);
      const invalid = checkCreate(body);
      if (invalid) return invalid;
      if (ctx.state.repos.length === 0) return { status: 404, body: errorBody(404, MESSAGES.noRepos) };
      if (ctx.runQuota !== undefined && ctx.created >= ctx.runQuota)
        return { status: 402, body: errorBody(402, MESSAGES.quota) };
      ctx.created += 1;
      const input = body as {
        prompt: string;
        metadata?: Record<string, unknown> | null;
        agent_type?: string | null;
        model?: string | null;
        repo_id?: number | null;
      };
      if (typeof input.repo_id === 'number' && !ctx.state.repos.some((r) => r.id === input.repo_id))
        return { status: 404, body: errorBody(404, `Repository ${input.repo_id} not found in organization`) };
      const run = ctx.state.createRun({
        prompt: input.prompt,
        metadata: input.metadata ?? null,
        agentType: input.agent_type,
        model: input.model,
        repoId: input.repo_id,
      });
      return { status: 200, body: await runBody(ctx.state, run) };
    }
    case 'getRun': {
      const run = ctx.state.runs.get(Number(m[2]));
      if (!run) return { status: 404, body: errorBody(404, MESSAGES.runNotFound) };
      return { status: 200, body: await runBody(ctx.state, run) };
    }
    case 'listRuns': {
      const userId = query.get('user_id');
      const sourceType = query.get('source_type');
      const all = [...ctx.state.runs.values()]
        .filter(
          (r) =>
            (userId ? r.userId === Number(userId) : true) &&
            (sourceType ? r.sourceType === sourceType : true),
        )
        .sort((a, b) => b.id - a.id);
      const shown = all.slice(skip, skip + limit);
      const items = await Promise.all(shown.map((r) => runBody(ctx.state, r)));
      return { status: 200, body: { ...page(all, skip, limit), items } };
    }
    case 'resume': {
      const body = parseJson(raw) as { agent_run_id?: unknown; prompt?: unknown } | undefined;
      if (typeof body?.agent_run_id !== 'number' || typeof body.prompt !== 'string') {
        return {
          status: 422,
          body: validationBody(
            ['body'],
            'agent_run_id (integer) and prompt (string) are required',
            'missing',
          ),
        };
      }
      const run = ctx.state.runs.get(body.agent_run_id);
      if (!run) return { status: 404, body: errorBody(404, MESSAGES.runNotFound) };
      const current = (await ctx.state.statusOf(run)).toUpperCase();
      if (ctx.state.resumeOnlyPaused && current !== 'PAUSED') {
        // A status the spec declares for resume (422, FastAPI's shape); what Codegen really does on
        // a finished run is unpublished, so the stand-in refuses (the stricter reading).
        return {
          status: 422,
          body: validationBody(
            ['body', 'agent_run_id'],
            `Agent run ${run.id} is ${current}, not PAUSED: only paused runs can be resumed`,
          ),
        };
      }
      ctx.state.resume(run, body.prompt);
      return { status: 200, body: await runBody(ctx.state, run) };
    }
    case 'logs': {
      const run = ctx.state.runs.get(Number(m[2]));
      if (!run) return { status: 404, body: errorBody(404, MESSAGES.runNotFound) };
      return {
        status: 200,
        body: await logsBody(ctx.state, run, skip, limit, query.get('reverse') === 'true'),
      };
    }
  }
}

export function faultReply(fault: FaultRule): Reply {
  switch (fault.kind) {
    case 'hang':
    case 'reset':
    case 'malformed':
      return { fault: fault.kind };
    case '5xx': {
      const status = fault.status ?? 503;
      const headers =
        fault.retryAfterSeconds === undefined
          ? undefined
          : { 'retry-after': String(fault.retryAfterSeconds) };
      return { status, body: { detail: 'Service Unavailable' }, headers };
    }
    case '4xx':
      return {
        status: fault.status ?? 422,
        body: validationBody(['body'], 'Request refused by the stand-in'),
      };
    case '402':
      return { status: 402, body: errorBody(402, MESSAGES.quota) };
    case '404-create':
      return { status: 404, body: errorBody(404, MESSAGES.noRepos) };
  }
}

function readPaging(
  query: URLSearchParams,
): { skip: number; limit: number } | { status: number; body: unknown } {
  const skip = Number(query.get('skip') ?? 0);
  const limit = Number(query.get('limit') ?? 100);
  if (!Number.isInteger(skip) || skip < 0) {
    return {
      status: 422,
      body: validationBody(
        ['query', 'skip'],
        'Input should be greater than or equal to 0',
        'greater_than_equal',
      ),
    };
  }
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    return {
      status: 422,
      body: validationBody(
        ['query', 'limit'],
        'Input should be less than or equal to 100',
        'less_than_equal',
      ),
    };
  }
  return { skip, limit };
}

function checkCreate(body: unknown): { status: number; body: unknown } | undefined {
  if (typeof body !== 'object' || body === null)
    return { status: 422, body: validationBody(['body'], 'Field required', 'missing') };
  const input = body as Record<string, unknown>;
  if (typeof input.prompt !== 'string')
    return { status: 422, body: validationBody(['body', 'prompt'], 'Field required', 'missing') };
  const agentType = input.agent_type;
  if (
    agentType !== undefined &&
    agentType !== null &&
    agentType !== 'codegen' &&
    agentType !== 'claude_code'
  ) {
    return {
      status: 422,
      body: validationBody(
        ['body', 'agent_type'],
        "Input should be 'codegen' or 'claude_code'",
        'literal_error',
      ),
    };
  }
  if (
    input.metadata !== undefined &&
    input.metadata !== null &&
    (typeof input.metadata !== 'object' || Array.isArray(input.metadata))
  ) {
    return {
      status: 422,
      body: validationBody(['body', 'metadata'], 'Input should be a valid dictionary', 'dict_type'),
    };
  }
  return undefined;
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return raw.toString('utf8');
  }
}

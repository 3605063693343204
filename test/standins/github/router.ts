import * as payload from './payloads.js';
import type { GitHubState, Permission, RepoRecord, TokenIdentity } from './state.js';

export interface Reply {
  status: number;
  body?: unknown;
  /** A non-JSON body (a diff), sent with `contentType`. */
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface RouteContext {
  state: GitHubState;
  method: string;
  query: URLSearchParams;
  body: unknown;
  /** Login of the authenticated token. */
  login: string;
  /** What kind of token it is (App installation, personal token) and what it may do. */
  identity: TokenIdentity;
  headers: Record<string, string>;
  params: string[];
}

/** Handlers are synchronous: a check and the write that depends on it never straddle an await. */
export type Handler = (ctx: RouteContext, repo: RepoRecord) => Reply;

/**
 * Who may call a route: `write` (the default for anything but GET) needs write, maintain or admin
 * on the repository; `read` anyone who can see it; a function decides by itself (null = allowed).
 */
export type Access = 'read' | 'write' | ((ctx: RouteContext, repo: RepoRecord) => Reply | null);

interface Route {
  method: string;
  pattern: RegExp;
  access: Access;
  handler: Handler;
}

const REPO = '/repos/([^/]+)/([^/]+)';
const routes: Route[] = [];

export function route(method: string, suffix: string, handler: Handler, access?: Access): void {
  routes.push({
    method,
    pattern: new RegExp(`^${REPO}${suffix}$`),
    access: access ?? (method === 'GET' ? 'read' : 'write'),
    handler,
  });
}

export const notFound = (docs?: string): Reply => ({
  status: 404,
  body: payload.errorBody(404, 'Not Found', docs),
});
export const invalid = (message: string, errors: Record<string, unknown>[] = []): Reply => ({
  status: 422,
  body: payload.validationError(message, errors),
});
export const forbidden = (message: string, docs?: string): Reply => ({
  status: 403,
  body: payload.errorBody(403, message, docs),
});

export const canWrite = (p: Permission | 'none' | undefined) =>
  p === 'write' || p === 'maintain' || p === 'admin';

/** Finds the route and runs it; 404 when no route matches or the repository is unknown. */
export function dispatch(
  state: GitHubState,
  method: string,
  path: string,
  ctx: Omit<RouteContext, 'params' | 'method'>,
): Reply {
  // Octokit sends `/` inside {ref}, {branch} and {path} as %2F; GitHub reads both spellings.
  const normalized = path.replace(/%2F/gi, '/');
  for (const r of routes) {
    if (r.method !== method) continue;
    const match = r.pattern.exec(normalized);
    if (!match) continue;
    const [owner = '', name = '', ...params] = match
      .slice(1)
      .map((p) => (p === undefined ? '' : decodeURIComponent(p)));
    const repo = state.repo(owner, name);
    if (!repo) return notFound();
    const full: RouteContext = { ...ctx, method, params };
    const permission = state.permissionOf(repo.owner, repo.name, ctx.login);
    // A private repository is invisible (404) to whoever cannot read it, as on GitHub.
    if (repo.isPrivate && (permission === undefined || permission === 'none')) return notFound();
    if (r.access === 'write' && !canWrite(permission)) {
      return forbidden('Resource not accessible by integration');
    }
    if (typeof r.access === 'function') {
      const refused = r.access(full, repo);
      if (refused) return refused;
    }
    return r.handler(full, repo);
  }
  return notFound();
}

/** GitHub's `Link` header for page `page` of `last`, on `path` with the request's query. */
export function linkHeader(
  ctx: RouteContext,
  path: string,
  page: number,
  last: number,
): Record<string, string> {
  if (last <= 1) return {};
  const at = (n: number) => {
    const q = new URLSearchParams(ctx.query);
    q.set('page', String(n));
    return `<${ctx.state.baseUrl}${path}?${q}>`;
  };
  const links = [];
  if (page > 1) links.push(`${at(page - 1)}; rel="prev"`, `${at(1)}; rel="first"`);
  if (page < last) links.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`);
  return { link: links.join(', ') };
}

/** `per_page` (1-100, default 30) and `page` (from 1) of a list request. */
export function paging(query: URLSearchParams): { perPage: number; page: number } {
  return {
    perPage: Math.min(Math.max(Number(query.get('per_page') ?? 30) || 30, 1), 100),
    page: Math.max(Number(query.get('page') ?? 1) || 1, 1),
  };
}

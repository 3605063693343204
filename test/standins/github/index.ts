import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isActionsToken } from './actions-rules.js';
import { GitHubFaults } from './faults.js';
import { serveGit } from './git-http.js';
import { serveGraphql } from './graphql.js';
import { settleMerges } from './merge-state.js';
import { errorBody } from './payloads.js';
import { dispatch, type Reply } from './routes.js';
import { GitHubState, type TokenIdentity } from './state.js';

export {
  ACTIONS_PR_REFUSAL,
  type ActionsTokenRules,
  isActionsToken,
  type WorkflowRecord,
} from './actions-rules.js';
export { GitHubFaults } from './faults.js';
export type {
  AppRecord,
  CheckRunRecord,
  CheckSuiteRecord,
  CommentRecord,
  IssueRecord,
  Permission,
  PullRequest,
  RepoRecord,
  ReviewRecord,
  StatusRecord,
  TokenIdentity,
  TokenKind,
} from './state.js';
export { GITHUB_ACTIONS_APP, GitHubState } from './state.js';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  /** 0 while unanswered (or for a request that hung). */
  status: number;
}

export interface GitHubStandInStats {
  /** 304 answers to conditional requests (they do not count against the rate limit). */
  notModified: number;
  /** `METHOD path` of requests outside apiPrefix / serverPrefix (answered 404, not routed). */
  outsidePrefixes: string[];
}

export interface GitHubStandIn {
  /** The server's origin (`http://127.0.0.1:N`). */
  url: string;
  /** Where the REST API answers: `url`, or `url` + `apiPrefix` (GITHUB_API_URL). */
  apiUrl: string;
  /** The web and git side: `url`, or `url` + `serverPrefix` (GITHUB_SERVER_URL). */
  serverUrl: string;
  state: GitHubState;
  requests: RecordedRequest[];
  faults: GitHubFaults;
  stats: GitHubStandInStats;
  close(): Promise<void>;
}

export interface GitHubStandInOptions {
  /** Token accepted as `token X` / `Bearer X` (and as git's basic password); default `ghs_test`. */
  token?: string;
  /** Login the token acts as; it has write on every repository unless setPermission says otherwise. */
  login?: string;
  /**
   * Serve the REST API under this path, as GitHub Enterprise Server does (`/api/v3`); GraphQL is
   * then at `/api/graphql` beside it. Anything outside the prefixes is a 404.
   */
  apiPrefix?: string;
  /** Serve web links (`html_url`) and git under this path (a GHES behind a path, e.g. `/ghes`). */
  serverPrefix?: string;
}

const RATE_LIMIT = 5000;

export async function startGitHubStandIn(options: GitHubStandInOptions = {}): Promise<GitHubStandIn> {
  const requests: RecordedRequest[] = [];
  const faults = new GitHubFaults();
  const stats: GitHubStandInStats = { notModified: 0, outsidePrefixes: [] };
  const used = new Map<string, number>();
  const reset = Math.floor(Date.now() / 1000) + 3600;
  const pending = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(errorBody(500, `stand-in error: ${String(error)}`)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const apiPrefix = options.apiPrefix ?? '';
  const serverPrefix = options.serverPrefix ?? '';
  const state = new GitHubState(`${url}${apiPrefix}`, `${url}${serverPrefix}`);
  state.addToken(options.token ?? 'ghs_test', options.login ?? 'cyrus-bot[bot]');

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = new URL(req.url ?? '/', url);
    const unprefixed = withoutPrefix(target.pathname, apiPrefix, serverPrefix);
    if (unprefixed === undefined) {
      stats.outsidePrefixes.push(`${req.method} ${target.pathname}`);
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(errorBody(404, 'Not Found')));
      return;
    }
    target.pathname = unprefixed;
    const isGit = /^\/[^/]+\/[^/]+\.git\//.test(target.pathname);
    const raw = await readBody(req);
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
    );
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: target.pathname,
      query: Object.fromEntries(target.searchParams),
      headers,
      body: isGit ? `<${raw.length} bytes>` : parseJson(raw),
      status: 0,
    };
    requests.push(recorded);
    res.on('finish', () => {
      recorded.status = res.statusCode;
    });

    if (isGit) {
      await serveGit({ state, req, res, target, body: raw });
      return;
    }

    if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
    const fault = faults.take(recorded.method, target.pathname);
    if (fault?.kind === 'hang') {
      pending.add(res);
      return;
    }

    const tokenIdentity = authenticate(headers.authorization);
    const login = tokenIdentity?.login;
    const identity = login ?? 'anonymous';
    let reply: Reply;
    if (fault?.kind === 'secondary-rate-limit') {
      reply = {
        status: fault.status,
        body: errorBody(
          fault.status,
          `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${requestId()}.`,
          'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        ),
        headers: { 'retry-after': String(fault.retryAfterSeconds) },
      };
    } else if (fault?.kind === 'server-error') {
      reply = { status: fault.status, body: errorBody(fault.status, 'Server Error') };
    } else if (!tokenIdentity || !login) {
      reply = headers.authorization
        ? { status: 401, body: errorBody(401, 'Bad credentials') }
        : { status: 401, body: errorBody(401, 'Requires authentication') };
    } else if (recorded.method === 'POST' && target.pathname === '/graphql') {
      reply = serveGraphql(state, recorded.body, tokenIdentity);
    } else {
      // GitHub merges auto-merge and queued PRs in the background; whoever looks next sees it.
      for (const repo of state.repos.values()) settleMerges(state, repo);
      reply = dispatch(state, recorded.method, target.pathname, {
        state,
        query: target.searchParams,
        body: recorded.body,
        login,
        identity: tokenIdentity,
        headers,
      });
    }
    // The Actions token gets 1,000 requests an hour per repository; Apps and people 5,000.
    send(
      res,
      recorded.method,
      headers['if-none-match'],
      reply,
      identity,
      isActionsToken(tokenIdentity) ? 1000 : RATE_LIMIT,
    );
  }

  function authenticate(header: string | undefined): TokenIdentity | undefined {
    const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header ?? '');
    return match?.[1] ? state.identities.get(match[1]) : undefined;
  }

  function send(
    res: ServerResponse,
    method: string,
    ifNoneMatch: string | undefined,
    reply: Reply,
    identity: string,
    limit: number,
  ): void {
    const text = reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
    const etag =
      method === 'GET' && reply.status === 200
        ? `W/"${createHash('sha256').update(text).digest('hex')}"`
        : undefined;
    const notModified = etag !== undefined && ifNoneMatch !== undefined && matchesEtag(ifNoneMatch, etag);
    // 304s are free, as on GitHub; everything else counts.
    const count = (used.get(identity) ?? 0) + (notModified ? 0 : 1);
    used.set(identity, count);
    const common: Record<string, string> = {
      'x-github-request-id': requestId(),
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(limit - count, 0)),
      'x-ratelimit-reset': String(reset),
      'x-ratelimit-used': String(count),
      'x-ratelimit-resource': 'core',
      ...(etag ? { etag, vary: 'Accept, Authorization, Cookie, X-GitHub-OTP' } : {}),
    };
    if (notModified) {
      stats.notModified += 1;
      res.writeHead(304, common);
      res.end();
      return;
    }
    if (reply.status === 204 || (reply.body === undefined && reply.text === undefined)) {
      res.writeHead(reply.status, { ...common, ...reply.headers });
      res.end();
      return;
    }
    res.writeHead(reply.status, {
      ...common,
      'content-type': reply.contentType ?? 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      ...reply.headers,
    });
    res.end(text);
  }

  return {
    url,
    apiUrl: state.baseUrl,
    serverUrl: state.serverUrl,
    state,
    requests,
    faults,
    stats,
    close: async () => {
      for (const res of pending) res.destroy();
      pending.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A request's path as the routes know it (`/repos/...`, `/graphql`, `/owner/repo.git/...`), or
 * undefined when it is outside where this server answers: the API under `apiPrefix` (GraphQL at
 * `/api/graphql` when the prefix is `/api/v3`, as on GHES), git under `serverPrefix`.
 */
function withoutPrefix(pathname: string, apiPrefix: string, serverPrefix: string): string | undefined {
  if (!apiPrefix && !serverPrefix) return pathname;
  if (/^\/[^/]+\/[^/]+\.git\//.test(pathname.slice(serverPrefix.length)) && pathname.startsWith(serverPrefix))
    return pathname.slice(serverPrefix.length);
  if (apiPrefix && pathname === `${apiPrefix.replace(/\/v3$/, '')}/graphql`) return '/graphql';
  if (pathname.startsWith(`${apiPrefix}/`)) return pathname.slice(apiPrefix.length);
  return undefined;
}

function matchesEtag(header: string, etag: string): boolean {
  const strip = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || strip(t) === strip(etag));
}

function requestId(): string {
  const hex = randomBytes(12).toString('hex').toUpperCase();
  return `${hex.slice(0, 4)}:${hex.slice(4, 8)}:${hex.slice(8, 14)}:${hex.slice(14, 20)}:${hex.slice(20, 24)}`;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return raw.toString('utf8');
  }
}

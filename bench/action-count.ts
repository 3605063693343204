import type { RecordedRequest } from '../test/standins/github/index.js';

/** GitHub requests of one stretch of a bench run, sorted by kind, as the GitHub stand-in saw them. */
export interface GitHubCounts {
  /** REST requests answered with anything but 304 (what the 1,000/hour budget counts). */
  rest: number;
  /** Conditional requests answered 304 (free on GitHub). */
  notModified: number;
  /** Commits the ledger made: contents PUTs and git-data commits (GitHub's content-creation limit). */
  contentWrites: number;
  /** Git smart-HTTP requests (clone, fetch, push), not REST. */
  git: number;
  /** REST requests (non-304) by "METHOD route", routes with numbers and file names generalised. */
  byRoute: Record<string, number>;
  /** The ledger's share of `rest`: its contents reads and writes, refs and git-data calls. */
  ledger: number;
}

const GIT = /^\/[^/]+\/[^/]+\.git\//;

/** A request's route with its variable parts generalised, for counting by kind. */
export function routeOf(request: Pick<RecordedRequest, 'method' | 'path'>): string {
  const generic = request.path
    .replace(/^\/repos\/[^/]+\/[^/]+/, '/repos/{o}/{r}')
    .replace(/\/contents\/.*$/, '/contents/{path}')
    .replace(/\/git\/(ref|refs)\/.*$/, '/git/$1/{ref}')
    .replace(/\/\d+(?=\/|$)/g, '/{n}')
    .replace(/\/[0-9a-f]{40}(?=\/|$)/g, '/{sha}');
  return `${request.method} ${generic}`;
}

function isLedger(request: RecordedRequest, stateBranch: string): boolean {
  const route = routeOf(request);
  if (route.includes('/git/')) return true;
  if (!route.includes('/contents/')) return false;
  return request.query.ref === stateBranch || bodyBranch(request.body) === stateBranch;
}

function bodyBranch(body: unknown): string | undefined {
  return typeof body === 'object' && body !== null && 'branch' in body && typeof body.branch === 'string'
    ? body.branch
    : undefined;
}

export function countGitHub(requests: readonly RecordedRequest[], stateBranch = 'cyrus-state'): GitHubCounts {
  const counts: GitHubCounts = { rest: 0, notModified: 0, contentWrites: 0, git: 0, byRoute: {}, ledger: 0 };
  for (const request of requests) {
    if (GIT.test(request.path)) {
      counts.git += 1;
      continue;
    }
    if (request.status === 304) {
      counts.notModified += 1;
      continue;
    }
    counts.rest += 1;
    const route = routeOf(request);
    counts.byRoute[route] = (counts.byRoute[route] ?? 0) + 1;
    if (isLedger(request, stateBranch)) counts.ledger += 1;
    const ok = request.status >= 200 && request.status < 300;
    if (
      ok &&
      (route.endsWith('PUT /repos/{o}/{r}/contents/{path}') || route === 'POST /repos/{o}/{r}/git/commits')
    )
      counts.contentWrites += 1;
  }
  return counts;
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, systemClock } from '../../../src/util/clock.js';
import { CodegenFaults, type FaultRule, type RouteName } from './faults.js';
import { type LimitKind, PUBLISHED_LIMITS, ServerRateLimits, type WindowLimit } from './limits.js';
import { errorBody, MESSAGES, validationBody } from './payloads.js';
import {
  faultReply,
  parseJson,
  type Reply,
  ROUTES,
  type RouteContext,
  readBody,
  routeRequest,
} from './routes.js';
import { lifecycle, type ScriptFor } from './script.js';
import { CodegenState } from './state.js';

export { CodegenFaults, type FaultKind, type FaultRule, type RouteName } from './faults.js';
export { PUBLISHED_LIMITS, type WindowLimit } from './limits.js';
export * from './script.js';
export { CodegenState, type StandInRepo, type StandInRun } from './state.js';

export interface CodegenStandInOptions {
  /** Simulated time: rate-limit windows, run durations and Retry-After are all in it. */
  clock?: Clock;
  token?: string;
  orgId?: number;
  /** Repositories connected to the org; an empty list makes every create answer 404. */
  repos?: string[];
  /** How each new run (and each resume) plays out; default 2 simulated minutes to COMPLETE, no PR. */
  script?: ScriptFor;
  /** Runs the plan allows; creates beyond it answer 402. */
  runQuota?: number;
  limits?: Partial<Record<LimitKind, WindowLimit>>;
  /** Answer 429 over the limits (default true). */
  enforceRateLimits?: boolean;
}

export interface RequestRecord {
  method: string;
  path: string;
  route: RouteName | 'unknown';
  kind: LimitKind;
  /** Simulated arrival time. */
  at: number;
  status: number;
  body: unknown;
  authorization: string | undefined;
}

export interface CodegenStandInStats {
  /** Requests by rate-limit kind, 429s included. */
  byKind: Record<LimitKind, number>;
  byRoute: Record<RouteName | 'unknown', number>;
  /** 429 answers by kind: a client that respects the limits never sees one. */
  rateLimited: Record<LimitKind, number>;
  total: number;
}

export interface CodegenStandIn {
  url: string;
  state: CodegenState;
  faults: CodegenFaults;
  stats: CodegenStandInStats;
  requests: RequestRecord[];
  inject(rule: FaultRule): CodegenFaults;
  close(): Promise<void>;
}

/** A Codegen API on 127.0.0.1 that follows the official spec and enforces the published limits. */
export async function startCodegenStandIn(options: CodegenStandInOptions = {}): Promise<CodegenStandIn> {
  const clock = options.clock ?? systemClock;
  const token = options.token ?? 'cg_test_token';
  const state = new CodegenState(
    clock,
    options.orgId ?? 42,
    { id: 7, login: 'cyrus-dev' },
    options.script ?? (() => lifecycle({ durationMs: 120_000 })),
  );
  for (const repo of options.repos ?? ['acme/widgets']) state.addRepo(repo);
  const limits = new ServerRateLimits(clock, { ...PUBLISHED_LIMITS, ...options.limits });
  const faults = new CodegenFaults();
  const stats: CodegenStandInStats = {
    byKind: { create: 0, read: 0, logs: 0 },
    byRoute: {
      me: 0,
      organizations: 0,
      repos: 0,
      create: 0,
      getRun: 0,
      listRuns: 0,
      resume: 0,
      logs: 0,
      unknown: 0,
    },
    rateLimited: { create: 0, read: 0, logs: 0 },
    total: 0,
  };
  const requests: RequestRecord[] = [];
  const hanging = new Set<ServerResponse>();
  const routeContext: RouteContext = { state, runQuota: options.runQuota, created: 0 };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify(errorBody(500, `stand-in error: ${String(error)}`)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = new URL(req.url ?? '/', url);
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    const match = ROUTES.map((r) => ({ r, m: r.pattern.exec(target.pathname) })).find(
      (x) => x.r.method === method && x.m,
    );
    const record: RequestRecord = {
      method,
      path: target.pathname + target.search,
      route: match?.r.route ?? 'unknown',
      kind: match?.r.kind ?? 'read',
      at: clock.now(),
      status: 0,
      body: parseJson(raw),
      authorization: req.headers.authorization,
    };
    requests.push(record);
    stats.total += 1;
    stats.byKind[record.kind] += 1;
    stats.byRoute[record.route] += 1;
    res.on('finish', () => {
      record.status = res.statusCode;
    });

    const reply = await answer(record, match?.m ?? null, target.searchParams, raw);
    if ('fault' in reply) {
      if (reply.fault === 'hang') hanging.add(res);
      else if (reply.fault === 'reset') req.socket.destroy();
      else {
        record.status = 200;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id": 1, "organization_id": 42, "status": "ACT');
      }
      return;
    }
    const text = JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(text);
  }

  async function answer(
    record: RequestRecord,
    m: RegExpExecArray | null,
    query: URLSearchParams,
    raw: Buffer,
  ): Promise<Reply> {
    if (record.route === 'unknown' || !m) return { status: 404, body: { detail: 'Not Found' } };
    if (record.authorization !== `Bearer ${token}`)
      return { status: 403, body: errorBody(403, MESSAGES.forbidden) };
    if (m[1] !== undefined) {
      const org = Number(m[1]);
      if (!Number.isInteger(org))
        return {
          status: 422,
          body: validationBody(['path', 'org_id'], 'Input should be a valid integer', 'int_parsing'),
        };
      if (org !== state.orgId) return { status: 403, body: errorBody(403, MESSAGES.forbidden) };
    }
    if (options.enforceRateLimits !== false) {
      const verdict = limits.admit(record.kind);
      if (!verdict.ok) {
        stats.rateLimited[record.kind] += 1;
        return {
          status: 429,
          body: errorBody(429, MESSAGES.rateLimited),
          headers: { 'retry-after': String(verdict.retryAfterSeconds) },
        };
      }
    }
    const fault = faults.take(record.route as RouteName);
    if (fault && !fault.afterEffect) return faultReply(fault);
    const reply = await routeRequest(routeContext, record.route as RouteName, m, query, raw);
    return fault ? faultReply(fault) : reply;
  }

  return {
    url,
    state,
    faults,
    stats,
    requests,
    inject: (rule) => faults.inject(rule),
    close: async () => {
      for (const res of hanging) res.destroy();
      hanging.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

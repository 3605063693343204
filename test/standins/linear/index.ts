import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  buildSchema,
  type DocumentNode,
  type ExecutionResult,
  execute,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  Kind,
  parse,
  validate,
} from 'graphql';
import { type Clock, systemClock } from '../../../src/util/clock.js';
import { LINEAR_SCHEMA_PATH } from '../../fixtures/contracts.js';
import { agentSessionResolvers } from './agent-session-resolvers.js';
import { linearComplexity, MAX_QUERY_COMPLEXITY } from './complexity.js';
import { type FaultRule, type LinearFault, LinearFaults, type RequestShape } from './faults.js';
import { rootResolvers } from './resolvers.js';
import { LinearWorld } from './world.js';

export { LINEAR_SCHEMA_PATH } from '../../fixtures/contracts.js';
export type { ActivityRecord, AgentSessionRecord } from './agent-sessions.js';
export { STALE_AFTER_MS } from './agent-sessions.js';
export type { FaultRule, LinearFault } from './faults.js';
export { DEFAULT_STATES, LinearWorld } from './world.js';

let schemaCache: GraphQLSchema | undefined;
/** Linear's published schema (test/fixtures/contracts), built once per test process. */
export function linearSchema(): GraphQLSchema {
  schemaCache ??= buildSchema(readFileSync(LINEAR_SCHEMA_PATH, 'utf8'));
  return schemaCache;
}

export const TEST_API_KEY = 'lin_api_standin_key_0123456789';
export const TEST_ACCESS_TOKEN = 'lin_oauth_standin_token_0123456789';

export interface LinearStandInOptions {
  clock?: Clock;
  /** Accepted raw in `Authorization` (a personal API key). */
  apiKey?: string;
  /** Accepted as `Authorization: Bearer <token>` (OAuth). */
  accessToken?: string;
  /** The key's hourly budgets (Linear: about 1,500 requests and 250,000 complexity points). */
  requestsPerHour?: number;
  complexityPerHour?: number;
}

export interface LinearRequestRecord {
  operationName: string | undefined;
  operation: RequestShape['operation'] | 'invalid';
  rootFields: string[];
  variables: Record<string, unknown>;
  status: number | 'hang';
  authorization: string | undefined;
  fault?: LinearFault['kind'];
  /** By Linear's documented formula (complexity.ts). */
  complexity?: number;
}

export interface LinearStandIn {
  url: string;
  world: LinearWorld;
  faults: LinearFaults;
  /** `maxComplexity`: the most complex query seen, by Linear's formula. */
  stats: { requests: number; queries: number; mutations: number; rateLimited: number; maxComplexity: number };
  requests: LinearRequestRecord[];
  /** Documents that Linear's schema rejects: a test that leaves one here sent a query Linear would refuse. */
  invalidQueries: { query: string; errors: string[] }[];
  inject(rule: FaultRule): LinearFaults;
  close(): Promise<void>;
}

const HOUR = 60 * 60_000;

interface Budget {
  windowStart: number;
  requests: number;
  complexity: number;
}

/** A Linear GraphQL API on 127.0.0.1 that validates every document against the published schema. */
export async function startLinearStandIn(options: LinearStandInOptions = {}): Promise<LinearStandIn> {
  const clock = options.clock ?? systemClock;
  const schema = linearSchema();
  const world = new LinearWorld(clock);
  const faults = new LinearFaults();
  const apiKey = options.apiKey ?? TEST_API_KEY;
  const accessToken = options.accessToken ?? TEST_ACCESS_TOKEN;
  const requestsPerHour = options.requestsPerHour ?? 1_500;
  const complexityPerHour = options.complexityPerHour ?? 250_000;
  const budget: Budget = { windowStart: clock.now(), requests: 0, complexity: 0 };
  const stats = { requests: 0, queries: 0, mutations: 0, rateLimited: 0, maxComplexity: 0 };
  const requests: LinearRequestRecord[] = [];
  const invalidQueries: LinearStandIn['invalidQueries'] = [];

  const rateHeaders = (cost: number, spent = false): Record<string, string> => {
    const reset = String(budget.windowStart + HOUR);
    return {
      'X-RateLimit-Requests-Limit': String(requestsPerHour),
      'X-RateLimit-Requests-Remaining': String(spent ? 0 : Math.max(0, requestsPerHour - budget.requests)),
      'X-RateLimit-Requests-Reset': reset,
      'X-RateLimit-Complexity-Limit': String(complexityPerHour),
      'X-RateLimit-Complexity-Remaining': String(Math.max(0, complexityPerHour - budget.complexity)),
      'X-RateLimit-Complexity-Reset': reset,
      'X-Complexity': String(cost),
    };
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    stats.requests += 1;
    const authorization = req.headers.authorization;
    const record: LinearRequestRecord = {
      operationName: undefined,
      operation: 'invalid',
      rootFields: [],
      variables: {},
      status: 200,
      authorization,
    };
    requests.push(record);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      send(res, status, body, headers);
    };

    if (req.method !== 'POST') return reply(405, { errors: [{ message: 'POST only' }] });
    if (authorization !== apiKey && authorization !== `Bearer ${accessToken}`) {
      return reply(400, {
        errors: [
          {
            message: 'Authentication required, not authenticated',
            extensions: {
              code: 'AUTHENTICATION_ERROR',
              type: 'authentication error',
              userError: true,
              userPresentableMessage: 'You need to authenticate to access this operation.',
            },
          },
        ],
      });
    }

    let body: { query?: unknown; variables?: unknown; operationName?: unknown };
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      return reply(400, { errors: [{ message: 'Body is not JSON', extensions: { code: 'BAD_REQUEST' } }] });
    }
    const query = typeof body.query === 'string' ? body.query : '';
    const variables = (body.variables ?? {}) as Record<string, unknown>;
    record.variables = variables;
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      invalidQueries.push({ query, errors: [message] });
      return reply(400, { errors: [{ message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] });
    }
    const validationErrors = validate(schema, document);
    if (validationErrors.length > 0) {
      invalidQueries.push({ query, errors: validationErrors.map((e) => e.message) });
      return reply(400, {
        errors: validationErrors.map((e) => ({
          message: e.message,
          locations: e.locations,
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED', type: 'graphql error', userError: true },
        })),
      });
    }

    const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;
    const operation = getOperationAST(document, operationName);
    if (!operation)
      return reply(400, { errors: [{ message: 'No operation', extensions: { code: 'BAD_REQUEST' } }] });
    const shape: RequestShape = {
      operation: operation.operation,
      rootFields: operation.selectionSet.selections.flatMap((s) =>
        s.kind === Kind.FIELD ? [s.name.value] : [],
      ),
    };
    record.operationName = operation.name?.value;
    record.operation = shape.operation;
    record.rootFields = shape.rootFields;
    if (shape.operation === 'mutation') stats.mutations += 1;
    else stats.queries += 1;

    // The key's budget: a fixed window per hour (Linear's bucket refills continuously; close enough).
    if (clock.now() >= budget.windowStart + HOUR)
      Object.assign(budget, { windowStart: clock.now(), requests: 0, complexity: 0 });
    const cost = linearComplexity(document, variables);
    record.complexity = cost;
    stats.maxComplexity = Math.max(stats.maxComplexity, cost);
    if (cost > MAX_QUERY_COMPLEXITY) {
      // Linear refuses one query above its cap outright, as a RATELIMITED-style 400.
      stats.rateLimited += 1;
      return reply(400, {
        errors: [
          {
            message: `Query too complex: ${cost} points, above the ${MAX_QUERY_COMPLEXITY} allowed for one query`,
            extensions: {
              code: 'RATELIMITED',
              userError: true,
              complexity: cost,
              maxComplexity: MAX_QUERY_COMPLEXITY,
            },
          },
        ],
      });
    }
    const fault = faults.take(shape);
    record.fault = fault?.kind;
    if (
      fault?.kind === 'ratelimited' ||
      budget.requests >= requestsPerHour ||
      budget.complexity + cost > complexityPerHour
    ) {
      stats.rateLimited += 1;
      const resetAt =
        fault?.kind === 'ratelimited' ? clock.now() + (fault.resetInMs ?? 60_000) : budget.windowStart + HOUR;
      const headers = { ...rateHeaders(0, true), 'X-RateLimit-Requests-Reset': String(resetAt) };
      if (fault?.kind === 'ratelimited' && fault.retryAfterSeconds !== undefined) {
        Object.assign(headers, { 'Retry-After': String(fault.retryAfterSeconds) });
      }
      return reply(
        fault?.kind === 'ratelimited' ? (fault.status ?? 400) : 400,
        {
          errors: [
            {
              message: 'Rate limit exceeded',
              extensions: {
                code: 'RATELIMITED',
                userError: true,
                userPresentableMessage: 'Too many requests, please try again later.',
              },
            },
          ],
        },
        headers,
      );
    }
    budget.requests += 1;
    budget.complexity += cost;

    if ((fault?.kind === 'status' || fault?.kind === 'hang') && !fault.afterExecute) {
      return failWith(fault, res, record);
    }

    world.credential = authorization === apiKey ? 'apiKey' : 'accessToken';
    const root = { ...rootResolvers(world), ...agentSessionResolvers(world) };
    if (fault?.kind === 'fieldError') {
      root[fault.field] = () => {
        throw new GraphQLError(fault.message ?? 'Argument Validation Error', {
          extensions: { code: 'INVALID_INPUT', type: 'invalid input', userError: true },
        });
      };
    }
    const result = (await execute({
      schema,
      document,
      rootValue: root,
      variableValues: variables,
      operationName,
    })) as ExecutionResult;
    if (fault?.kind === 'status' || fault?.kind === 'hang') return failWith(fault, res, record);

    const errors = [...(result.errors ?? [])].map((e) => e.toJSON());
    let data = result.data ?? null;
    if (fault?.kind === 'partial' && data) {
      data = nullAt(data, fault.path);
      errors.push({ message: fault.message ?? 'Internal error resolving field', path: fault.path });
    }
    const statusCodes = errors.map((e) =>
      Number((e.extensions as { statusCode?: unknown } | undefined)?.statusCode),
    );
    const status = data === null ? Math.max(200, ...statusCodes.filter((s) => s >= 400)) : 200;
    reply(status, errors.length > 0 ? { data, errors } : { data }, rateHeaders(cost));
  }

  function failWith(fault: LinearFault, res: ServerResponse, record: LinearRequestRecord): void {
    if (fault.kind === 'hang') {
      record.status = 'hang';
      return;
    }
    if (fault.kind !== 'status') return;
    record.status = fault.status;
    res.writeHead(fault.status, { 'Content-Type': 'text/html' });
    res.end(fault.body ?? `<html><body>${fault.status} Bad Gateway</body></html>`);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { errors: [{ message: `stand-in failure: ${String(error)}` }] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/graphql`,
    world,
    faults,
    stats,
    requests,
    invalidQueries,
    inject: (rule) => faults.inject(rule),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A rough complexity: one point per selected field (Linear weighs connections by `first`). */
function nullAt(data: Record<string, unknown>, at: string[]): Record<string, unknown> {
  const copy = structuredClone(data);
  let node: unknown = copy;
  for (const key of at.slice(0, -1)) {
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  const last = at[at.length - 1];
  if (node && typeof node === 'object' && last !== undefined) (node as Record<string, unknown>)[last] = null;
  return copy;
}

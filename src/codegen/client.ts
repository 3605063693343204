import {
  ProxyDispatchers,
  type ProxyEnvironment,
  proxyAwareFetch,
  readProxyEnvironment,
} from '../http/index.js';
import { type Clock, systemClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { type BreakerOptions, CircuitBreaker, DEFAULT_BREAKER } from './breaker.js';
import { CodegenNoRepositoriesError, CodegenRequestError } from './errors.js';
import { CODEGEN_RATE_LIMITS, CodegenRateLimits, type RateLimit, type RequestKind } from './rate-limiter.js';
import {
  AgentRun,
  AgentRunPage,
  AgentRunWithLogs,
  CreateAgentRunInput,
  type Organization,
  OrganizationPage,
  type Page,
  type Repository,
  RepositoryPage,
  ResumeAgentRunInput,
  User,
} from './schemas.js';
import { CodegenTransport, DEFAULT_RETRY, type RetryPolicy } from './transport.js';

const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warning: () => {},
  error: () => {},
  group: (_title, fn) => fn(),
};

export const DEFAULT_CODEGEN_API_URL = 'https://api.codegen.com';

export interface CodegenClientOptions {
  token: string;
  orgId: number;
  /** The `codegen-api-url` input; paths are appended under it (`/v1/...`). */
  baseUrl?: string;
  clock?: Clock;
  logger?: Logger;
  /** Wall-clock ms per attempt. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  breaker?: Partial<BreakerOptions>;
  /** Limits to enforce (Codegen's published ones by default), or limiters shared with another client. */
  limits?: Record<RequestKind, RateLimit> | CodegenRateLimits;
  /** Sends every request; by default the global fetch, through the proxy the environment names. */
  fetch?: typeof fetch;
  /** HTTPS_PROXY / HTTP_PROXY / NO_PROXY for the default fetch; read from the process by default. */
  proxies?: ProxyEnvironment;
  random?: () => number;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface ListRunsQuery extends CallOptions {
  skip?: number;
  /** 1..100 (the API's maximum). */
  limit?: number;
  userId?: number;
  sourceType?: string;
}

export interface PageQuery extends CallOptions {
  skip?: number;
  limit?: number;
}

export interface CreateRunOptions extends CallOptions {
  /**
   * A metadata key/value unique to this dispatch. When a create fails in a way that may have
   * created the run anyway (timeout, reset, 5xx), the newest runs are searched for it before
   * retrying, so a task is never dispatched twice.
   */
  dedupe?: { key: string; value: string };
}

/**
 * Codegen's REST API over Node's fetch. One client per job: its rate limiters and circuit
 * breaker are shared by every task of the job.
 */
export class CodegenClient {
  readonly orgId: number;
  readonly breaker: CircuitBreaker;
  readonly limits: CodegenRateLimits;
  readonly clock: Clock;
  readonly logger: Logger;
  private readonly transport: CodegenTransport;
  /**
   * The alpha logs endpoint (traces) has a breaker of its own: its failures must not open the
   * circuit that sends tasks away from Codegen, nor its successes close it.
   */
  private readonly logsTransport: CodegenTransport;

  constructor(options: CodegenClientOptions) {
    if (!options.token) throw new Error('a Codegen token is required (`codegen-api-token`)');
    this.orgId = options.orgId;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.breaker = new CircuitBreaker(this.clock, { ...DEFAULT_BREAKER, ...options.breaker });
    this.limits =
      options.limits instanceof CodegenRateLimits
        ? options.limits
        : new CodegenRateLimits(this.clock, options.limits ?? CODEGEN_RATE_LIMITS);
    const transport = {
      baseUrl: options.baseUrl ?? DEFAULT_CODEGEN_API_URL,
      token: options.token,
      orgId: options.orgId,
      clock: this.clock,
      logger: this.logger,
      limits: this.limits,
      breaker: this.breaker,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      timeoutMs: options.timeoutMs ?? 30_000,
      fetch:
        options.fetch ??
        proxyAwareFetch(new ProxyDispatchers(options.proxies ?? readProxyEnvironment(process.env))),
      random: options.random ?? Math.random,
    };
    this.transport = new CodegenTransport(transport);
    const logsBreaker = new CircuitBreaker(this.clock, { ...DEFAULT_BREAKER, ...options.breaker });
    this.logsTransport = new CodegenTransport({ ...transport, breaker: logsBreaker });
  }

  /** False while the circuit is open: dispatch locally instead. */
  isAvailable(): boolean {
    return this.breaker.isAvailable();
  }

  private get org(): string {
    return `/v1/organizations/${this.orgId}`;
  }

  createRun(input: CreateAgentRunInput, options: CreateRunOptions = {}): Promise<AgentRun> {
    const body = CreateAgentRunInput.parse(input);
    const dedupe = options.dedupe;
    return this.transport.request({
      kind: 'create',
      method: 'POST',
      path: `${this.org}/agent/run`,
      body,
      schema: AgentRun,
      what: 'creating an agent run',
      signal: options.signal,
      onStatus: (status, detail) =>
        status === 404 ? new CodegenNoRepositoriesError(this.orgId, detail) : undefined,
      beforeRetry: dedupe ? () => this.findRunByMetadata(dedupe.key, dedupe.value, options) : undefined,
    });
  }

  getRun(id: number, options: CallOptions = {}): Promise<AgentRun> {
    return this.transport.request({
      kind: 'read',
      method: 'GET',
      path: `${this.org}/agent/run/${id}`,
      schema: AgentRun,
      what: `reading agent run ${id}`,
      signal: options.signal,
      onStatus: (status, detail) => runNotFound(status, id, detail),
    });
  }

  /** Newest first. */
  listRuns(query: ListRunsQuery = {}): Promise<Page<AgentRun>> {
    return this.transport.request({
      kind: 'read',
      method: 'GET',
      path: `${this.org}/agent/runs`,
      query: { skip: query.skip, limit: query.limit, user_id: query.userId, source_type: query.sourceType },
      schema: AgentRunPage,
      what: 'listing agent runs',
      signal: query.signal,
    });
  }

  /** Continues a run with more instructions; Codegen answers with the run. */
  resumeRun(input: ResumeAgentRunInput, options: CallOptions = {}): Promise<AgentRun> {
    const body = ResumeAgentRunInput.parse(input);
    return this.transport.request({
      // Resuming starts agent work again, so it is paced like a create.
      kind: 'create',
      method: 'POST',
      path: `${this.org}/agent/run/resume`,
      body,
      schema: AgentRun,
      what: `resuming agent run ${input.agent_run_id}`,
      signal: options.signal,
      onStatus: (status, detail) => runNotFound(status, input.agent_run_id, detail),
    });
  }

  /** Alpha endpoint: the run's steps (thoughts, tool calls). */
  getRunLogs(id: number, query: PageQuery & { reverse?: boolean } = {}): Promise<AgentRunWithLogs> {
    return this.logsTransport.request({
      kind: 'logs',
      method: 'GET',
      path: `/v1/alpha/organizations/${this.orgId}/agent/run/${id}/logs`,
      query: {
        skip: query.skip,
        limit: query.limit,
        reverse: query.reverse === undefined ? undefined : String(query.reverse),
      },
      schema: AgentRunWithLogs,
      what: `reading the logs of agent run ${id}`,
      signal: query.signal,
      onStatus: (status, detail) => runNotFound(status, id, detail),
    });
  }

  getCurrentUser(options: CallOptions = {}): Promise<User> {
    return this.transport.request({
      kind: 'read',
      method: 'GET',
      path: '/v1/users/me',
      schema: User,
      what: 'reading the current user',
      signal: options.signal,
    });
  }

  listOrganizations(query: PageQuery = {}): Promise<Page<Organization>> {
    return this.transport.request({
      kind: 'read',
      method: 'GET',
      path: '/v1/organizations',
      query: { skip: query.skip, limit: query.limit },
      schema: OrganizationPage,
      what: 'listing organizations',
      signal: query.signal,
    });
  }

  listRepositories(query: PageQuery = {}): Promise<Page<Repository>> {
    return this.transport.request({
      kind: 'read',
      method: 'GET',
      path: `${this.org}/repos`,
      query: { skip: query.skip, limit: query.limit },
      schema: RepositoryPage,
      what: `listing the repositories of org ${this.orgId}`,
      signal: query.signal,
    });
  }

  /** The newest run (first page) whose metadata[key] equals value, if any. */
  async findRunByMetadata(
    key: string,
    value: string,
    options: CallOptions = {},
  ): Promise<AgentRun | undefined> {
    const page = await this.listRuns({ limit: 100, signal: options.signal });
    const found = page.items.find((run) => run.metadata?.[key] === value);
    if (found)
      this.logger.info(`Codegen run ${found.id} already exists for ${key}=${value}; not creating another`);
    return found;
  }
}

function runNotFound(
  status: number,
  id: number,
  detail: string | undefined,
): CodegenRequestError | undefined {
  return status === 404 ? new CodegenRequestError(`agent run ${id} (not found)`, 404, detail) : undefined;
}

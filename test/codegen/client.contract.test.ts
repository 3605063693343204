import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CodegenAuthError,
  CodegenClient,
  type CodegenClientOptions,
  CodegenNoRepositoriesError,
  CodegenQuotaError,
  CodegenRequestError,
  CodegenResponseError,
  CodegenUnavailableError,
  normaliseStatus,
} from '../../src/codegen/index.js';
import { InstantClock } from './helpers.js';
import { findOperation, requestSchemaName, specSchema } from './spec.js';

const API = 'https://api.codegen.com';
const TOKEN = 'cg_secret_token_123';
const ORG = '/v1/organizations/42';
const run = (extra: Record<string, unknown> = {}) => ({
  id: 7,
  organization_id: 42,
  status: 'ACTIVE',
  ...extra,
});

function client(clock = new InstantClock(), options: Partial<CodegenClientOptions> = {}) {
  return new CodegenClient({ token: TOKEN, orgId: 42, clock, random: () => 0.5, ...options });
}

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});

describe('Codegen client: the exact requests', () => {
  it('creates a run: POST /agent/run with the bearer token and the body as given', async () => {
    const body = {
      prompt: 'do it',
      metadata: { issue: 'ENG-1', task: 't1', attempt: 1, ledgerKey: 'ENG-1/t1/1' },
      agent_type: 'claude_code' as const,
      model: 'sonnet',
    };
    const scope = nock(API, {
      reqheaders: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    })
      .post(`${ORG}/agent/run`, body)
      .reply(200, run({ status: 'PENDING', metadata: body.metadata, brand_new_field: { x: 1 } }));
    const created = await client().createRun(body);
    expect(created).toMatchObject({ id: 7, status: 'PENDING', metadata: body.metadata });
    expect(created).toHaveProperty('brand_new_field'); // extra fields pass through
    scope.done();
    expect(specSchema(requestSchemaName('POST', `${ORG}/agent/run`) ?? '').safeParse(body).success).toBe(
      true,
    );
  });

  it('reads, lists, resumes, and reads logs at the spec paths', async () => {
    const scope = nock(API, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
      .get(`${ORG}/agent/run/7`)
      .reply(200, run())
      .get(`${ORG}/agent/runs`)
      .query({ skip: '100', limit: '100', source_type: 'API' })
      .reply(200, { items: [run()], total: 101, page: 2, size: 100, pages: 2 })
      .post(`${ORG}/agent/run/resume`, { agent_run_id: 7, prompt: 'fix the failing test' })
      .reply(200, run({ status: 'ACTIVE' }))
      .get('/v1/alpha/organizations/42/agent/run/7/logs')
      .query({ skip: '0', limit: '50', reverse: 'true' })
      .reply(200, { id: 7, organization_id: 42, logs: [{ agent_run_id: 7, thought: 'hm' }] });
    const c = client();
    expect((await c.getRun(7)).id).toBe(7);
    expect((await c.listRuns({ skip: 100, limit: 100, sourceType: 'API' })).items).toHaveLength(1);
    expect((await c.resumeRun({ agent_run_id: 7, prompt: 'fix the failing test' })).status).toBe('ACTIVE');
    expect((await c.getRunLogs(7, { skip: 0, limit: 50, reverse: true })).logs[0]?.thought).toBe('hm');
    scope.done();
    expect(specSchema('ResumeAgentRunInput').safeParse({ agent_run_id: 7, prompt: 'x' }).success).toBe(true);
  });

  it('reads the user, organizations and repositories', async () => {
    const repo = {
      id: 1,
      name: 'w',
      full_name: 'acme/w',
      description: null,
      github_id: '9',
      organization_id: 42,
      visibility: null,
      archived: false,
      setup_status: 'COMPLETED',
      language: null,
    };
    const scope = nock(API, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
      .get('/v1/users/me')
      .reply(200, { id: 3, github_user_id: '1', github_username: 'me', email: null })
      .get('/v1/organizations')
      .query({ limit: '100' })
      .reply(200, { items: [{ id: 42, name: 'Acme', settings: {} }], total: 1, page: 1, size: 100, pages: 1 })
      .get(`${ORG}/repos`)
      .reply(200, { items: [repo], total: 1, page: 1, size: 100, pages: 1 });
    const c = client();
    expect((await c.getCurrentUser()).github_username).toBe('me');
    expect((await c.listOrganizations({ limit: 100 })).items[0]?.name).toBe('Acme');
    expect((await c.listRepositories()).items[0]?.full_name).toBe('acme/w');
    scope.done();
  });

  it('puts every path under the configured base URL, and every path is one the spec has', async () => {
    const paths = [
      ['POST', `${ORG}/agent/run`],
      ['GET', `${ORG}/agent/run/7`],
      ['GET', `${ORG}/agent/runs`],
      ['POST', `${ORG}/agent/run/resume`],
      ['GET', '/v1/alpha/organizations/42/agent/run/7/logs'],
      ['GET', '/v1/users/me'],
      ['GET', '/v1/organizations'],
      ['GET', `${ORG}/repos`],
    ] as const;
    for (const [method, path] of paths)
      expect(findOperation(method, path), `${method} ${path}`).toBeDefined();
    const scope = nock('https://proxy.example').get(`/codegen${ORG}/agent/run/7`).reply(200, run());
    await client(new InstantClock(), { baseUrl: 'https://proxy.example/codegen/' }).getRun(7);
    scope.done();
  });
});

describe('Codegen client: answers', () => {
  it('a missing required field is a clear error, not retried', async () => {
    const scope = nock(API).get(`${ORG}/agent/run/7`).reply(200, { id: 7, status: 'ACTIVE' });
    const error = await client()
      .getRun(7)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodegenResponseError);
    expect((error as Error).message).toMatch(/reading agent run 7.*organization_id/);
    expect((error as CodegenResponseError).kind).toBe('cloud_unavailable');
    scope.done();
  });

  it('normalises status case, and counts unknown or missing values as running', () => {
    expect(normaliseStatus('complete')).toMatchObject({
      raw: 'COMPLETE',
      phase: 'terminal',
      status: 'succeeded',
    });
    expect(normaliseStatus('Active').status).toBe('running');
    expect(normaliseStatus('paused')).toMatchObject({ phase: 'paused', status: 'paused' });
    expect(normaliseStatus('max_iterations_reached')).toMatchObject({
      status: 'failed',
      failure: 'max_turns',
    });
    expect(normaliseStatus('OUT_OF_TOKENS').failure).toBe('max_budget');
    expect(normaliseStatus('TIMEOUT').status).toBe('timed_out');
    expect(normaliseStatus('stopped').status).toBe('cancelled');
    expect(normaliseStatus('THINKING_HARD')).toMatchObject({ phase: 'running', unknown: true });
    expect(normaliseStatus(null)).toMatchObject({ raw: 'UNKNOWN', phase: 'running' });
  });

  it('402 is a quota error with what to do, asked once', async () => {
    const scope = nock(API).post(`${ORG}/agent/run`).reply(402, {
      message: 'Alloted agent runs for the current billing plan have been reached.',
      status_code: 402,
    });
    const error = await client()
      .createRun({ prompt: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodegenQuotaError);
    expect((error as CodegenQuotaError).kind).toBe('quota_exhausted');
    expect((error as Error).message).toMatch(/quota.*Upgrade/);
    scope.done();
  });

  it.each([401, 403])(
    '%i is an auth error naming the secret, asked once, without leaking the token',
    async (status) => {
      const scope = nock(API)
        .get('/v1/users/me')
        .reply(status, { message: 'You do not have access to this organization.', status_code: status });
      const error = await client()
        .getCurrentUser()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CodegenAuthError);
      expect((error as CodegenAuthError).kind).toBe('auth');
      expect((error as Error).message).toMatch(/codegen-api-token/);
      expect((error as Error).message).not.toContain(TOKEN);
      scope.done();
    },
  );

  it('404 on create means no repositories; 404 on a read means the run is unknown', async () => {
    const scope = nock(API)
      .post(`${ORG}/agent/run`)
      .reply(404, {
        message: 'No repos found in the organization. Please add some repos and try again.',
        status_code: 404,
      })
      .get(`${ORG}/agent/run/9`)
      .reply(404, { message: 'Agent run not found.', status_code: 404 });
    const c = client();
    const create = await c.createRun({ prompt: 'x' }).catch((e: unknown) => e);
    expect(create).toBeInstanceOf(CodegenNoRepositoriesError);
    expect((create as CodegenNoRepositoriesError).kind).toBe('no_repositories');
    expect((create as Error).message).toMatch(/Connect this repository/);
    const read = await c.getRun(9).catch((e: unknown) => e);
    expect(read).toBeInstanceOf(CodegenRequestError);
    expect((read as Error).message).toMatch(/Agent run not found/);
    scope.done();
  });

  it("reads FastAPI's 422 detail", async () => {
    const scope = nock(API)
      .get(`${ORG}/agent/runs`)
      .query(true)
      .reply(422, {
        detail: [
          {
            loc: ['query', 'limit'],
            msg: 'Input should be less than or equal to 100',
            type: 'less_than_equal',
          },
        ],
      });
    const error = await client()
      .listRuns({ limit: 500 })
      .catch((e: unknown) => e);
    expect((error as Error).message).toContain('query.limit: Input should be less than or equal to 100');
    scope.done();
  });
});

describe('Codegen client: retries, limits and the circuit breaker', () => {
  it('honours Retry-After on 429 and reads the 429 body', async () => {
    const clock = new InstantClock();
    const scope = nock(API)
      .get(`${ORG}/agent/run/7`)
      .reply(
        429,
        { message: 'Rate limit exceeded. Please try again later.', status_code: 429 },
        { 'Retry-After': '7' },
      )
      .get(`${ORG}/agent/run/7`)
      .reply(200, run());
    expect((await client(clock).getRun(7)).id).toBe(7);
    expect(Math.max(...clock.sleeps)).toBeGreaterThanOrEqual(7_000);
    scope.done();
  });

  it('retries 5xx and network errors with growing, jittered backoff', async () => {
    const clock = new InstantClock();
    const scope = nock(API)
      .get(`${ORG}/agent/run/7`)
      .reply(502, 'Bad Gateway')
      .get(`${ORG}/agent/run/7`)
      .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
      .get(`${ORG}/agent/run/7`)
      .reply(200, run());
    const c = client(clock, { retry: { maxAttempts: 4, baseMs: 1_000, maxMs: 30_000 } });
    expect((await c.getRun(7)).id).toBe(7);
    // random() = 0.5: half of 1 s, then half of 2 s.
    expect(clock.sleeps).toEqual([500, 1_000]);
    scope.done();
  });

  it('gives up after the last attempt with a cloud_unavailable error', async () => {
    const scope = nock(API).get(`${ORG}/agent/run/7`).times(3).reply(503, { detail: 'down' });
    const error = await client(new InstantClock(), { retry: { maxAttempts: 3 } })
      .getRun(7)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodegenUnavailableError);
    expect((error as Error).message).toMatch(/after 3 attempts.*503/);
    scope.done();
  });

  it('opens the circuit after repeated failures, fails fast, then probes after the cooldown', async () => {
    const clock = new InstantClock();
    const c = client(clock, {
      retry: { maxAttempts: 10 },
      breaker: { failureThreshold: 3, cooldownMs: 60_000 },
    });
    const failing = nock(API).get(`${ORG}/agent/run/7`).times(3).reply(500, {});
    const first = await c.getRun(7).catch((e: unknown) => e);
    failing.done();
    expect((first as CodegenUnavailableError).circuitOpen).toBe(true);
    expect(c.isAvailable()).toBe(false);
    // No interceptor left: a request would fail differently. The open circuit sends none.
    const second = await c.getRun(7).catch((e: unknown) => e);
    expect((second as CodegenUnavailableError).circuitOpen).toBe(true);
    expect((second as Error).message).toMatch(/falls back to local/);
    clock.advance(60_000);
    const probe = nock(API).get(`${ORG}/agent/run/7`).reply(200, run());
    expect((await c.getRun(7)).id).toBe(7);
    probe.done();
    expect(c.breaker.state).toBe('closed');
  });

  it('never creates twice: after an ambiguous failure it finds the run by its metadata', async () => {
    const metadata = { ledgerKey: 'ENG-1/t1/1' };
    const scope = nock(API)
      .post(`${ORG}/agent/run`)
      .reply(504, { detail: 'Gateway Timeout' })
      .get(`${ORG}/agent/runs`)
      .query({ limit: '100' })
      .reply(200, { items: [run({ id: 11, metadata })], total: 1, page: 1, size: 100, pages: 1 });
    const created = await client().createRun(
      { prompt: 'x', metadata },
      { dedupe: { key: 'ledgerKey', value: 'ENG-1/t1/1' } },
    );
    expect(created.id).toBe(11);
    scope.done(); // exactly one POST
  });

  it('spaces creates to 10 per minute on the client side', async () => {
    const clock = new InstantClock();
    const scope = nock(API).post(`${ORG}/agent/run`).times(25).reply(200, run());
    const c = client(clock);
    const at: number[] = [];
    for (let i = 0; i < 25; i += 1) {
      await c.createRun({ prompt: `p${i}` });
      at.push(clock.now());
    }
    scope.done();
    for (const t of at) expect(at.filter((u) => u > t - 60_000 && u <= t).length).toBeLessThanOrEqual(10);
    expect(at[24]).toBeGreaterThanOrEqual((at[0] ?? 0) + 120_000);
  });
});

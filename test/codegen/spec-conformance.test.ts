import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodegenStandIn, lifecycle, startCodegenStandIn } from '../standins/codegen/index.js';
import { InstantClock } from './helpers.js';
import { findOperation, responseSchemaName, specSchema } from './spec.js';

/**
 * Every kind of answer the stand-in gives is checked against the schema the official spec
 * declares for that path and status, so the stand-in cannot drift from the real API.
 */
describe('the Codegen stand-in follows the official spec', () => {
  const clock = new InstantClock();
  let standIn: CodegenStandIn;
  let noRepos: CodegenStandIn;
  const seen: { method: string; path: string; status: number; body: unknown }[] = [];

  async function call(
    base: CodegenStandIn,
    method: string,
    path: string,
    body?: unknown,
    token = 'cg_test_token',
  ) {
    const response = await fetch(`${base.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const parsed: unknown = await response.json();
    seen.push({ method, path, status: response.status, body: parsed });
    return { status: response.status, body: parsed, headers: response.headers };
  }

  beforeAll(async () => {
    standIn = await startCodegenStandIn({
      clock,
      runQuota: 3,
      limits: { read: { limit: 40, windowMs: 30_000 } },
      script: ({ id }) =>
        lifecycle({
          durationMs: 60_000,
          between: ['EVALUATION'],
          pullRequests: [
            {
              id: id + 1,
              title: 'ENG-1: x',
              url: `https://github.com/acme/widgets/pull/${id}`,
              created_at: new Date(0).toISOString(),
              head_branch_name: 'cyrus/eng-1-t1',
            },
          ],
          result: 'done',
        }),
    });
    noRepos = await startCodegenStandIn({ clock, repos: [] });
  });
  afterAll(async () => {
    await standIn.close();
    await noRepos.close();
  });

  it('answers every route and error in the declared shapes', async () => {
    const org = '/v1/organizations/42';
    await call(standIn, 'GET', '/v1/users/me');
    await call(standIn, 'GET', '/v1/organizations?skip=0&limit=10');
    await call(standIn, 'GET', `${org}/repos`);
    const created = await call(standIn, 'POST', `${org}/agent/run`, {
      prompt: 'p',
      metadata: { task: 't1' },
      agent_type: 'codegen',
    });
    const id = (created.body as { id: number }).id;
    await call(standIn, 'GET', `${org}/agent/run/${id}`); // PENDING
    clock.advance(10_000);
    await call(standIn, 'GET', `${org}/agent/runs?limit=100`); // ACTIVE
    clock.advance(30_000);
    await call(standIn, 'GET', `${org}/agent/run/${id}`); // EVALUATION
    clock.advance(30_000);
    await call(standIn, 'GET', `${org}/agent/run/${id}`); // COMPLETE with PRs
    await call(standIn, 'POST', `${org}/agent/run/resume`, { agent_run_id: id, prompt: 'fix CI' });
    await call(standIn, 'GET', `/v1/alpha/organizations/42/agent/run/${id}/logs?limit=5`);
    // Errors the spec declares.
    await call(standIn, 'GET', `${org}/agent/run/999999`); // 404 run
    await call(standIn, 'GET', `/v1/alpha/organizations/42/agent/run/999999/logs`); // 404 run
    await call(standIn, 'POST', `${org}/agent/run/resume`, { agent_run_id: 999999, prompt: 'x' }); // 404 run
    await call(standIn, 'GET', `${org}/agent/runs?limit=500`); // 422
    await call(standIn, 'POST', `${org}/agent/run`, { images: [] }); // 422
    await call(standIn, 'GET', '/v1/organizations/7/agent/runs'); // 403 other org
    await call(standIn, 'GET', '/v1/users/me', undefined, 'wrong'); // 403
    await call(standIn, 'POST', `${org}/agent/run`, { prompt: 'p' });
    await call(standIn, 'POST', `${org}/agent/run`, { prompt: 'p' });
    await call(standIn, 'POST', `${org}/agent/run`, { prompt: 'p' }); // 402 quota (3 used)
    standIn.inject({ kind: '402' });
    await call(standIn, 'POST', `${org}/agent/run`, { prompt: 'p' }); // 402 fault
    standIn.inject({ kind: '404-create' });
    await call(standIn, 'POST', `${org}/agent/run`, { prompt: 'p' }); // 404 fault
    await call(noRepos, 'POST', `${org}/agent/run`, { prompt: 'p' }); // 404 no repos
    for (let i = 0; i < 8; i += 1) await call(standIn, 'POST', `${org}/agent/run`, { prompt: 'p' }); // ends in 429
    let limited = await call(standIn, 'GET', `${org}/agent/runs`);
    while (limited.status !== 429) limited = await call(standIn, 'GET', `${org}/agent/runs`);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

    const statuses = new Set(seen.map((s) => s.status));
    expect([...statuses].sort()).toEqual([200, 402, 403, 404, 422, 429]);
    const runStatuses = seen.flatMap((s) => {
      const b = s.body as { status?: string; items?: { status?: string }[] };
      return s.status === 200 ? [b.status, ...(b.items ?? []).map((i) => i.status)] : [];
    });
    expect(new Set(runStatuses)).toEqual(new Set([undefined, 'PENDING', 'ACTIVE', 'EVALUATION', 'COMPLETE']));

    for (const answer of seen) {
      const where = `${answer.method} ${answer.path} → ${answer.status}`;
      expect(findOperation(answer.method, answer.path), where).toBeDefined();
      const name = responseSchemaName(answer.method, answer.path, answer.status);
      expect(name, `${where} is not declared in the spec`).toBeDefined();
      const result = specSchema(name ?? '').safeParse(answer.body);
      expect(result.success, `${where} does not match ${name}: ${JSON.stringify(answer.body)}`).toBe(true);
    }
  });

  it('the spec schemas reject a body missing a required field (the check has teeth)', () => {
    expect(specSchema('AgentRunResponse').safeParse({ id: 1 }).success).toBe(false);
    expect(
      specSchema('AgentRunResponse').safeParse({ id: 1, organization_id: 2, surprise: true }).success,
    ).toBe(true);
  });
});

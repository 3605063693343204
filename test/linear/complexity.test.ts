import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISSUE_CONTEXT_QUERY, ISSUES_FOR_URL_QUERY, VIEWER_QUERY } from '../../src/linear/queries.js';
import { TRIGGERED_ISSUES_QUERY, triggeredIssuesVariables } from '../../src/linear/triggered.js';
import { linearComplexity, MAX_QUERY_COMPLEXITY } from '../standins/linear/complexity.js';
import { type LinearStandIn, startLinearStandIn, TEST_API_KEY } from '../standins/linear/index.js';

describe('query complexity by Linear’s documented formula', () => {
  it('counts 0.1 a property, 1 an object, and multiplies a connection by its page size (default 50)', () => {
    expect(linearComplexity(parse('{ viewer { id name } }'))).toBe(2); // 1 + 0.2, rounded up
    expect(linearComplexity(parse('{ issues(first: 10) { nodes { id title } } }'))).toBe(12); // 10 × 1.2
    expect(linearComplexity(parse('{ issues { nodes { id } } }'))).toBe(55); // 50 × 1.1
    expect(linearComplexity(parse('query($n: Int) { issues(first: $n) { nodes { id } } }'), { n: 3 })).toBe(
      4,
    );
  });

  it('keeps every query the action sends well under the 10,000-point cap', () => {
    const costs = [ISSUES_FOR_URL_QUERY, ISSUE_CONTEXT_QUERY, VIEWER_QUERY].map((q) =>
      linearComplexity(parse(q)),
    );
    for (const cost of costs) expect(cost).toBeLessThan(MAX_QUERY_COMPLEXITY / 4);
    // The attachments lookup was about 5,400 points with pages of 10 × (100 states, 100 children...).
    expect(costs[0]).toBeLessThan(1_500);
    // The sweep's page: 10 issues, each with 25 history entries (about 1,800 points).
    const sweep = linearComplexity(
      parse(TRIGGERED_ISSUES_QUERY),
      triggeredIssuesVariables({ teams: ['ENG'], label: 'cyrus', delegated: true }),
    );
    expect(sweep).toBeLessThan(MAX_QUERY_COMPLEXITY / 4);
  });
});

describe('the Linear stand-in enforces the cap', () => {
  let linear: LinearStandIn;
  beforeAll(async () => {
    linear = await startLinearStandIn();
  });
  afterAll(() => linear?.close());

  it('refuses one query above 10,000 points with a 400 RATELIMITED error, and answers the action’s own', async () => {
    const ask = (query: string, variables: Record<string, unknown> = {}) =>
      fetch(linear.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: TEST_API_KEY },
        body: JSON.stringify({ query, variables }),
      });
    const heavy = await ask(
      '{ issues(first: 250) { nodes { id children(first: 100) { nodes { id title } } } } }',
    );
    expect(heavy.status).toBe(400);
    const body = (await heavy.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('RATELIMITED');
    expect(body.errors[0]?.message).toMatch(/^Query too complex: \d+ points, above the 10000 allowed/);

    const ours = await ask(ISSUES_FOR_URL_QUERY, { url: 'https://github.com/acme/widgets/issues/1' });
    expect(ours.status).toBe(200);
  });
});

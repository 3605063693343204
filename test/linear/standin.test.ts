import { describe, expect, it } from 'vitest';
import { createLinearClient } from '../../src/linear/index.js';
import { TEST_API_KEY } from '../standins/linear/index.js';
import { useLinearStandIn } from './helpers.js';

describe('Linear stand-in', () => {
  const t = useLinearStandIn();

  it('rejects and records a query the schema does not allow', async () => {
    const client = createLinearClient({ credential: TEST_API_KEY, apiUrl: t.standIn.url });
    const error = await client.client
      .rawRequest('query Wrong { issue(id: "ENG-1") { id notAField } }', {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(t.standIn.requests[0]?.status).toBe(400);
    expect(t.standIn.invalidQueries).toHaveLength(1);
    expect(t.standIn.invalidQueries[0]?.errors[0]).toContain(
      'Cannot query field "notAField" on type "Issue"',
    );
    // Expected here; the shared afterEach asserts no other test leaves one behind.
    t.standIn.invalidQueries.length = 0;
  });

  it('sends Linear’s rate-limit headers on every answer', async () => {
    const client = createLinearClient({ credential: TEST_API_KEY, apiUrl: t.standIn.url });
    const response = await client.client.rawRequest('query { viewer { id } }', {});
    expect(response.headers?.get('x-ratelimit-requests-remaining')).toBe('1499');
    expect(response.headers?.get('x-ratelimit-complexity-limit')).toBe('250000');
    expect(Number(response.headers?.get('x-ratelimit-requests-reset'))).toBeGreaterThan(t.clock.now());
  });
});

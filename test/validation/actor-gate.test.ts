import { describe, expect, it } from 'vitest';
import type { CollaboratorPermission } from '../../src/github/index.js';
import { checkLabelActor } from '../../src/validation/index.js';

const bots = ['linear[bot]', 'linear-code[bot]'];
const permissions = (table: Record<string, CollaboratorPermission>) => async (login: string) =>
  table[login] ?? 'none';

describe('checkLabelActor', () => {
  it.each([
    ['admin', 'approved'],
    ['maintain', 'approved'],
    ['write', 'approved'],
    ['triage', 'rejected'],
    ['read', 'rejected'],
    ['none', 'rejected'],
  ] as const)('a user with %s permission is %s', async (permission, verdict) => {
    const decision = await checkLabelActor({
      trigger: { label: 'cyrus', actor: 'alice', actorType: 'User' },
      allowedBots: bots,
      permissionOf: permissions({ alice: permission }),
    });
    expect(decision.verdict).toBe(verdict);
    expect(decision.reason).toContain('alice');
  });

  it('accepts an allowed bot without asking for its permission', async () => {
    const decision = await checkLabelActor({
      trigger: { label: 'cyrus', actor: 'Linear[bot]', actorType: 'Bot' },
      allowedBots: bots,
      permissionOf: async () => {
        throw new Error('must not be called');
      },
    });
    expect(decision).toEqual({ verdict: 'approved', reason: 'Linear[bot] is an allowed bot' });
  });

  it('refuses a bot that is not allowed and says how to allow it', async () => {
    const decision = await checkLabelActor({
      trigger: { label: 'cyrus', actor: 'dependabot[bot]', actorType: 'Bot' },
      allowedBots: bots,
      permissionOf: permissions({}),
    });
    expect(decision.verdict).toBe('rejected');
    expect(decision.reason).toContain('`allowed-bots`');
  });
});

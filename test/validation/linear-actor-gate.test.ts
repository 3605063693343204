import { describe, expect, it } from 'vitest';
import type { TriggerActor } from '../../src/linear/index.js';
import { checkLinearTriggerActor } from '../../src/validation/index.js';

const member = (extra: Partial<Extract<TriggerActor, { kind: 'user' }>> = {}): TriggerActor => ({
  kind: 'user',
  id: 'u1',
  name: 'Alice',
  displayName: 'alice',
  email: 'alice@acme.test',
  active: true,
  guest: false,
  app: false,
  ...extra,
});

const gate = (
  actor: TriggerActor | null,
  options: { kind?: 'label' | 'delegated'; allowedUsers?: string[]; allowedBots?: string[] } = {},
) =>
  checkLinearTriggerActor({
    trigger: { kind: options.kind ?? 'label', actor },
    label: 'cyrus',
    allowedBots: options.allowedBots ?? ['linear[bot]'],
    allowedUsers: options.allowedUsers ?? [],
  });

describe('checkLinearTriggerActor', () => {
  it('accepts an active member who is not a guest, for a label and for a delegation', () => {
    expect(gate(member())).toEqual({
      verdict: 'approved',
      reason: 'Alice (alice@acme.test) applied "cyrus" and is a Linear workspace member',
    });
    expect(gate(member(), { kind: 'delegated' }).reason).toContain('delegated the issue');
  });

  it('refuses a guest and a disabled account, saying why', () => {
    expect(gate(member({ guest: true }))).toMatchObject({
      verdict: 'rejected',
      reason: expect.stringContaining('is a guest in the Linear workspace; triggers count only from members'),
    });
    expect(gate(member({ active: false }))).toMatchObject({
      verdict: 'rejected',
      reason: expect.stringContaining('the account is disabled'),
    });
  });

  it('with allowedUsers set, accepts only those (by email or display name, any case)', () => {
    expect(gate(member(), { allowedUsers: ['ALICE@acme.test'] }).verdict).toBe('approved');
    expect(gate(member(), { allowedUsers: ['alice'] }).verdict).toBe('approved');
    expect(gate(member(), { allowedUsers: ['bob@acme.test'] })).toMatchObject({
      verdict: 'rejected',
      reason: expect.stringContaining('is not in linear.triggers.allowedUsers'),
    });
  });

  it('accepts an app or integration only from allowed-bots', () => {
    const app = member({ app: true, name: 'Zapier', displayName: 'zapier' });
    expect(gate(app)).toMatchObject({
      verdict: 'rejected',
      reason: expect.stringContaining('not in allowed-bots'),
    });
    expect(gate(app, { allowedBots: ['zapier'] }).verdict).toBe('approved');
    const integration: TriggerActor = { kind: 'integration', name: 'GitHub', type: 'github' };
    expect(gate(integration).verdict).toBe('rejected');
    expect(gate(integration, { allowedBots: ['github'] }).verdict).toBe('approved');
  });

  it('refuses a change whose actor the history does not name', () => {
    expect(gate(null)).toEqual({
      verdict: 'rejected',
      reason: 'Linear\'s issue history does not say who applied "cyrus"',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { resolveMode } from '../../src/events/index.js';
import { webhookPayload } from '../fixtures/webhooks.js';

const auto = (eventName: string, payload: unknown, mergePolicy: 'off' | 'auto' | 'queue') =>
  resolveMode({ mode: 'auto', eventName, payload, triggerLabel: 'cyrus', mergePolicy });

function closedPull(merged: boolean): Record<string, unknown> {
  const payload = webhookPayload('pull_request', 'closed') as { pull_request: { merged: boolean } };
  payload.pull_request.merged = merged;
  return payload;
}

describe('merges and pushes to the base carry the landing forward (wait: false)', () => {
  it('pull_request closed → reconcile, merged or not, with a merge policy', () => {
    expect(auto('pull_request', closedPull(true), 'auto')).toMatchObject({
      kind: 'work',
      mode: 'reconcile',
      reason: expect.stringMatching(/^pull_request\.closed: PR #\d+ merged$/),
    });
    expect(auto('pull_request', closedPull(false), 'queue')).toMatchObject({
      kind: 'work',
      mode: 'reconcile',
      reason: expect.stringMatching(/closed without merging$/),
    });
  });

  it("a push to the default branch → reconcile; to any other branch (the ledger's) → skip", () => {
    const push = webhookPayload('push') as { ref: string; repository: { default_branch: string } };
    push.ref = `refs/heads/${push.repository.default_branch}`;
    expect(auto('push', push, 'auto')).toMatchObject({ kind: 'work', mode: 'reconcile' });
    push.ref = 'refs/heads/cyrus-state';
    expect(auto('push', push, 'auto')).toEqual({
      kind: 'skip',
      reason: 'push to refs/heads/cyrus-state is not to the default branch; nothing to reconcile',
    });
  });

  it('merge: off changes nothing: both events stay clean skips', () => {
    expect(auto('pull_request', closedPull(true), 'off')).toEqual({
      kind: 'skip',
      reason: 'pull_request.closed needs no validation (only opened, synchronize, reopened)',
    });
    const push = webhookPayload('push') as { ref: string; repository: { default_branch: string } };
    push.ref = `refs/heads/${push.repository.default_branch}`;
    expect(auto('push', push, 'off')).toEqual({
      kind: 'skip',
      reason: 'the "push" event does not start or continue work (see the README\'s triggers)',
    });
  });

  it('a fork PR closing runs nothing', () => {
    const payload = closedPull(true) as { pull_request: { head: { repo: { full_name: string } } } };
    payload.pull_request.head.repo.full_name = 'mallory/widgets';
    expect(auto('pull_request', payload, 'auto')).toMatchObject({
      kind: 'skip',
      reason: expect.stringMatching(/fork/),
    });
  });
});

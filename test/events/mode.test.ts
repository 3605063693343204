import { describe, expect, it } from 'vitest';
import { parseIssueInput, resolveMode } from '../../src/events/index.js';
import { labeledIssue, webhookPayload } from '../fixtures/webhooks.js';

const auto = (eventName: string, payload: unknown, issueInput?: string) =>
  resolveMode({ mode: 'auto', eventName, payload, triggerLabel: 'cyrus', issueInput });

describe('auto mode from real webhook payloads (SPEC §3)', () => {
  it('issues labeled with the trigger label → run, with the issue and the actor to gate', () => {
    const decision = auto('issues', labeledIssue('Cyrus', 'octocat'));
    expect(decision).toMatchObject({
      kind: 'work',
      mode: 'run',
      labelTrigger: { label: 'Cyrus', actor: 'octocat', actorType: 'User' },
    });
    if (decision.kind !== 'work') return;
    expect(decision.issue).toMatchObject({
      kind: 'github',
      number: expect.any(Number),
      url: expect.stringContaining('/issues/'),
    });
  });

  it('issues labeled with another label, or other issue actions → skip with the reason', () => {
    expect(auto('issues', labeledIssue('bug', 'octocat'))).toEqual({
      kind: 'skip',
      reason: 'label "bug" is not the trigger label "cyrus"',
    });
    expect(auto('issues', webhookPayload('issues', 'opened'))).toMatchObject({
      kind: 'skip',
      reason: expect.stringContaining('issues.opened does not start work'),
    });
  });

  it('a closed issue is not started', () => {
    const payload = labeledIssue('cyrus', 'octocat') as { issue: { state: string } };
    payload.issue.state = 'closed';
    expect(auto('issues', payload)).toMatchObject({
      kind: 'skip',
      reason: expect.stringContaining('is closed'),
    });
  });

  it('workflow_dispatch → run on the issue input, and needs one', () => {
    expect(auto('workflow_dispatch', webhookPayload('workflow_dispatch'), 'ENG-42')).toMatchObject({
      kind: 'work',
      mode: 'run',
      issue: { kind: 'linear', identifier: 'ENG-42' },
    });
    expect(() => auto('workflow_dispatch', webhookPayload('workflow_dispatch'))).toThrow(
      /set the `issue` input/,
    );
  });

  it('schedule → sweep', () => {
    expect(auto('schedule', { schedule: '*/30 * * * *' })).toMatchObject({ kind: 'work', mode: 'sweep' });
  });

  it('pull_request opened/synchronize/reopened → validate; other actions and forks → skip', () => {
    expect(auto('pull_request', webhookPayload('pull_request', 'opened'))).toMatchObject({
      kind: 'work',
      mode: 'validate',
    });
    expect(auto('pull_request', webhookPayload('pull_request', 'synchronize'))).toMatchObject({
      kind: 'work',
      mode: 'validate',
    });
    expect(auto('pull_request', webhookPayload('pull_request', 'closed'))).toMatchObject({ kind: 'skip' });
    const fork = webhookPayload('pull_request', 'opened') as {
      pull_request: { head: { repo: { full_name: string } } };
    };
    fork.pull_request.head.repo.full_name = 'someone/fork';
    expect(auto('pull_request', fork)).toMatchObject({
      kind: 'skip',
      reason: expect.stringContaining('fork'),
    });
  });

  it('check_suite and workflow_run completed → reconcile; requested → skip', () => {
    expect(auto('check_suite', webhookPayload('check_suite', 'completed'))).toMatchObject({
      kind: 'work',
      mode: 'reconcile',
    });
    expect(auto('workflow_run', webhookPayload('workflow_run', 'completed'))).toMatchObject({
      kind: 'work',
      mode: 'reconcile',
    });
    expect(auto('check_suite', webhookPayload('check_suite', 'requested'))).toMatchObject({ kind: 'skip' });
  });

  it('any other event is a skip that names it', () => {
    expect(auto('push', webhookPayload('push'))).toEqual({
      kind: 'skip',
      reason: 'the "push" event does not start or continue work (see the README\'s triggers)',
    });
  });

  it('a malformed payload is an error that says so', () => {
    expect(() => auto('issues', { action: 'labeled' })).toThrow(
      /issues event payload .* is not what GitHub sends/,
    );
  });

  it('an explicit mode wins over the event', () => {
    expect(
      resolveMode({ mode: 'plan', eventName: 'push', payload: {}, triggerLabel: 'cyrus', issueInput: '#12' }),
    ).toMatchObject({
      kind: 'work',
      mode: 'plan',
      issue: { kind: 'github', number: 12 },
    });
  });
});

describe('parseIssueInput', () => {
  it('reads Linear identifiers and GitHub numbers', () => {
    expect(parseIssueInput('eng-123')).toEqual({ kind: 'linear', identifier: 'ENG-123' });
    expect(parseIssueInput('#7')).toEqual({ kind: 'github', number: 7 });
    expect(parseIssueInput('42')).toEqual({ kind: 'github', number: 42 });
    expect(parseIssueInput('fix the login')).toBeUndefined();
  });
});

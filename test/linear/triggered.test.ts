import { describe, expect, it } from 'vitest';
import { TRIGGERED_PAGE_SIZE } from '../../src/linear/index.js';
import { GITHUB_ISSUE_URL, useLinearStandIn } from './helpers.js';

const ctx = useLinearStandIn();

describe('findTriggeredIssues: work found in Linear itself', () => {
  it('lists labelled and delegated open issues of the teams asked for, with who made them so', async () => {
    const w = ctx.standIn.world;
    const label = [...w.labels.values()].find((l) => l.name === 'cyrus');
    if (!label) throw new Error('seeded label missing');
    const alice = w.addUser('Alice');
    const other = w.addTeam('OPS');
    const delegated = w.addIssue({ team: ctx.team, title: 'Delegated' });
    w.history.delegateIssue(delegated, w.viewer, { userId: alice.id });
    const relabelled = w.addIssue({ team: ctx.team, title: 'Relabelled' });
    w.history.applyLabel(relabelled, label, { bot: { name: 'Zapier', type: 'zapier' } });
    await ctx.clock.sleep(1_000);
    w.history.applyLabel(relabelled, label, { userId: alice.id });
    w.history.applyLabel(w.addIssue({ team: ctx.team, title: 'Done', state: 'Done' }), label, {
      userId: alice.id,
    });
    w.history.applyLabel(w.addIssue({ team: ctx.team, title: 'Canceled', state: 'Canceled' }), label, {
      userId: alice.id,
    });
    w.history.applyLabel(w.addIssue({ team: other, title: 'Other team' }), label, { userId: alice.id });
    w.addIssue({ team: ctx.team, title: 'Neither' });

    const page = await ctx.gateway.findTriggeredIssues({ teams: ['ENG'], label: 'Cyrus', delegated: true });
    expect(page.next).toBeNull();
    expect(page.issues.map((i) => i.title)).toEqual(['Add login and signup', 'Delegated', 'Relabelled']);
    const [seeded, byDelegation, byLabel] = page.issues;
    // Labelled when created: the history names nobody, so the gate will refuse it.
    expect(seeded?.triggers).toEqual([{ kind: 'label', actor: null }]);
    expect(seeded?.attachmentUrls).toEqual([GITHUB_ISSUE_URL]);
    expect(byDelegation?.triggers).toEqual([
      { kind: 'delegated', actor: expect.objectContaining({ kind: 'user', email: 'alice@acme.test' }) },
    ]);
    // The latest labelling counts, not the first.
    expect(byLabel?.triggers).toEqual([
      { kind: 'label', actor: expect.objectContaining({ kind: 'user', name: 'Alice', guest: false }) },
    ]);

    const onlyLabels = await ctx.gateway.findTriggeredIssues({
      teams: ['ENG'],
      label: 'cyrus',
      delegated: false,
    });
    expect(onlyLabels.issues.map((i) => i.title)).toEqual(['Add login and signup', 'Relabelled']);
    expect(ctx.standIn.requests.filter((r) => r.operationName === 'CyrusTriggeredIssues')).toHaveLength(2);
  });

  it('pages with a cursor, one query per page', async () => {
    const w = ctx.standIn.world;
    const label = [...w.labels.values()].find((l) => l.name === 'cyrus');
    if (!label) throw new Error('seeded label missing');
    for (let i = 0; i < TRIGGERED_PAGE_SIZE + 2; i += 1)
      w.addIssue({ team: ctx.team, title: `Extra ${i}`, labels: [label] });
    const first = await ctx.gateway.findTriggeredIssues({ teams: ['ENG'], label: 'cyrus', delegated: true });
    expect(first.issues).toHaveLength(TRIGGERED_PAGE_SIZE);
    expect(first.next).not.toBeNull();
    const second = await ctx.gateway.findTriggeredIssues({
      teams: ['ENG'],
      label: 'cyrus',
      delegated: true,
      after: first.next,
    });
    // The seeded ENG-1 is first, so the second page holds the last three.
    expect(second.issues.map((i) => i.title)).toEqual(['Extra 9', 'Extra 10', 'Extra 11']);
    expect(second.next).toBeNull();
    expect(ctx.standIn.stats.requests).toBe(2);
  });
});

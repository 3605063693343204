import { describe, expect, it } from 'vitest';
import { stateTargets, TRACKING_MARKER, trackingCommentId } from '../../src/linear/index.js';
import { GITHUB_ISSUE_URL, useLinearStandIn } from './helpers.js';

const targets = stateTargets({ started: 'In Progress', inReview: 'In Review' });
const body = (text: string) => `${TRACKING_MARKER}\n## Cyrus\n${text}`;

describe('applying changes to an issue', () => {
  const t = useLinearStandIn();
  const stateName = () => t.standIn.world.stateOf(t.issue).name;

  it('creates the tracking comment once, then updates it in place', async () => {
    const first = await t.gateway.applyChanges({ issueId: 'ENG-1', comment: { body: body('planned') } });
    expect(first).toMatchObject({ commentCreated: true, commentId: trackingCommentId(t.issue.id) });
    const second = await t.gateway.applyChanges({ issueId: 'ENG-1', comment: { body: body('running') } });
    expect(second).toMatchObject({ commentCreated: false, commentId: first.commentId });
    const comments = t.standIn.world.commentsOn(t.issue.id);
    expect(comments.map((c) => c.body)).toEqual([body('running')]);
    // 1 context + 1 create + 1 update.
    expect(t.standIn.stats.requests).toBe(3);
  });

  it('finds its comment again when the ledger lost the id (a new job)', async () => {
    await t.gateway.applyChanges({ issueId: t.issue.id, comment: { body: body('planned') } });
    const nextJob = t.newGateway();
    const result = await nextJob.applyChanges({ issueId: t.issue.id, comment: { body: body('done') } });
    expect(result.commentCreated).toBe(false);
    expect(t.standIn.world.commentsOn(t.issue.id)).toHaveLength(1);
  });

  it('recognises an older tracking comment by its marker', async () => {
    const old = t.standIn.world.addComment({ issueId: t.issue.id, body: body('from an older version') });
    const result = await t.gateway.applyChanges({ issueId: t.issue.id, comment: { body: body('now') } });
    expect(result).toMatchObject({ commentId: old.id, commentCreated: false });
  });

  it('updates the comment named by the ledger, and replaces it if someone deleted it', async () => {
    const stored = t.standIn.world.addComment({ issueId: t.issue.id, body: 'ledger says this one' });
    const kept = await t.gateway.applyChanges({
      issueId: t.issue.id,
      comment: { id: stored.id, body: body('a') },
    });
    expect(kept).toMatchObject({ commentId: stored.id, commentCreated: false });

    t.standIn.world.comments.delete(stored.id);
    const replaced = await t.gateway.applyChanges({
      issueId: t.issue.id,
      comment: { id: stored.id, body: body('b') },
    });
    expect(replaced.commentCreated).toBe(true);
    expect(t.standIn.world.commentsOn(t.issue.id).map((c) => c.body)).toEqual([body('b')]);
  });

  it('moves the state by configured name, case-insensitively', async () => {
    const result = await t.gateway.applyChanges({
      issueId: t.issue.id,
      state: { name: 'in progress', role: 'started' },
    });
    expect(result.state).toMatchObject({ moved: true, to: { name: 'In Progress' } });
    expect(stateName()).toBe('In Progress');
    const review = await t.gateway.applyChanges({ issueId: t.issue.id, state: targets.inReview });
    expect(review.state).toMatchObject({ moved: true, to: { name: 'In Review' } });
    expect(stateName()).toBe('In Review');
  });

  it('falls back by state type, and to a state named like review', async () => {
    const team = t.standIn.world.addTeam('OPS', {
      states: [
        { name: 'Todo', type: 'unstarted' },
        { name: 'Doing', type: 'started' },
        { name: 'Code review', type: 'started' },
        { name: 'Shipped', type: 'completed' },
      ],
    });
    const issue = t.standIn.world.addIssue({ team, title: 'Ops work' });
    const started = await t.gateway.applyChanges({ issueId: issue.id, state: targets.started });
    expect(started.state).toMatchObject({ moved: true, to: { name: 'Doing' } });
    const review = await t.gateway.applyChanges({ issueId: issue.id, state: targets.inReview });
    expect(review.state).toMatchObject({ moved: true, to: { name: 'Code review' } });
  });

  it('never moves an issue backwards, and says why', async () => {
    await t.gateway.applyChanges({ issueId: t.issue.id, state: targets.inReview });
    const again = await t.gateway.applyChanges({ issueId: t.issue.id, state: targets.started });
    expect(again.state).toMatchObject({ moved: false, reason: expect.stringContaining('already under way') });
    expect(stateName()).toBe('In Review');

    const done = t.standIn.world.addIssue({ team: t.team, title: 'Finished', state: 'Done' });
    const result = await t.gateway.applyChanges({ issueId: done.id, state: targets.inReview });
    expect(result.state).toMatchObject({
      moved: false,
      reason: expect.stringContaining('not moving it back'),
    });
    // A skipped move costs no mutation: only the context query was sent for each issue.
    expect(t.standIn.stats.mutations).toBe(1);
  });

  it('reports a state name the team does not have', async () => {
    const team = t.standIn.world.addTeam('MIN', {
      states: [
        { name: 'Open', type: 'unstarted' },
        { name: 'Closed', type: 'completed' },
      ],
    });
    const issue = t.standIn.world.addIssue({ team, title: 'Minimal' });
    const result = await t.gateway.applyChanges({ issueId: issue.id, state: targets.inReview });
    expect(result.state).toMatchObject({ moved: false, reason: expect.stringContaining('linear.states') });
  });

  it('links PRs as attachments, updating rather than duplicating on a re-run', async () => {
    const prs = [1, 2, 3].map((n) => ({
      url: `https://github.com/acme/widgets/pull/${n}`,
      title: `PR #${n}`,
      subtitle: 'checks pending',
    }));
    const result = await t.gateway.applyChanges({ issueId: t.issue.id, attachments: prs });
    expect(result.attachments.map((a) => a.url)).toEqual(prs.map((p) => p.url));
    await t.gateway.applyChanges({
      issueId: t.issue.id,
      attachments: prs.map((p) => ({ ...p, subtitle: 'checks passed' })),
    });
    const attachments = t.standIn.world.attachmentsOn(t.issue.id).filter((a) => a.url !== GITHUB_ISSUE_URL);
    expect(attachments.map((a) => a.subtitle)).toEqual(['checks passed', 'checks passed', 'checks passed']);
  });

  it('creates one sub-issue per task, once', async () => {
    const subIssues = ['t1', 't2'].map((key) => ({ key, title: `Task ${key}`, description: `Do ${key}` }));
    const first = await t.gateway.applyChanges({ issueId: t.issue.id, subIssues });
    expect(first.subIssues.map((s) => [s.key, s.created])).toEqual([
      ['t1', true],
      ['t2', true],
    ]);
    const children = t.standIn.world.childrenOf(t.issue.id);
    expect(children.map((c) => c.title)).toEqual(['Task t1', 'Task t2']);
    expect(children.every((c) => c.teamId === t.team.id)).toBe(true);

    const again = await t.newGateway().applyChanges({ issueId: t.issue.id, subIssues });
    expect(again.subIssues.map((s) => [s.key, s.created])).toEqual([
      ['t1', false],
      ['t2', false],
    ]);
    expect(t.standIn.world.childrenOf(t.issue.id)).toHaveLength(2);
  });

  it('runs a whole 3-task issue within 8 Linear requests', async () => {
    const gateway = t.gateway;
    const resolved = await gateway.resolveIssue({
      githubIssue: { url: GITHUB_ISSUE_URL, listComments: async () => [] },
    });
    if (!resolved.found) throw new Error('no twin');
    const issueId = resolved.context.id;
    const tasks = ['t1', 't2', 't3'];

    // Dispatch: the plan as the tracking comment, "started", a sub-issue per task.
    const dispatched = await gateway.applyChanges({
      issueId,
      comment: { body: body('plan: 3 tasks') },
      state: targets.started,
      subIssues: tasks.map((key) => ({ key, title: `Task ${key}`, description: `Do ${key}` })),
    });
    const commentId = dispatched.commentId ?? undefined;
    await gateway.applyChanges({ issueId, comment: { id: commentId, body: body('running') } });
    // PRs up: links, "in review", the comment, in one request.
    const inReview = await gateway.applyChanges({
      issueId,
      comment: { id: commentId, body: body('3 PRs open') },
      state: targets.inReview,
      attachments: tasks.map((key, i) => ({
        url: `https://github.com/acme/widgets/pull/${i + 1}`,
        title: key,
      })),
    });
    expect(inReview.requests).toBe(1);
    // A later job (wait: false) finishes the report from the ledger's comment id.
    const later = t.newGateway();
    await later.getIssueContext(issueId);
    await later.applyChanges({ issueId, comment: { id: commentId, body: body('all green') } });

    expect(t.standIn.stats.requests).toBe(6);
    expect(t.standIn.stats.requests).toBeLessThanOrEqual(8);
    const world = t.standIn.world;
    expect(world.commentsOn(issueId).map((c) => c.body)).toEqual([body('all green')]);
    expect(stateName()).toBe('In Review');
    expect(world.childrenOf(issueId)).toHaveLength(3);
    expect(world.attachmentsOn(issueId)).toHaveLength(4);
  });
});

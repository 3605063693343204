import { describe, expect, it } from 'vitest';
import { credentialKind, isLinearError, TRACKING_MARKER } from '../../src/linear/index.js';
import { TRACKING_MARKER as RENDERER_MARKER } from '../../src/report/tracking-comment.js';
import { TEST_ACCESS_TOKEN, TEST_API_KEY } from '../standins/linear/index.js';
import { useLinearStandIn } from './helpers.js';

describe('issue context', () => {
  const t = useLinearStandIn();

  it('fetches everything a run needs in one request', async () => {
    const world = t.standIn.world;
    const parent = world.addIssue({ team: t.team, title: 'Accounts epic' });
    t.issue.parentId = parent.id;
    const child = world.addIssue({ team: t.team, title: 'Password reset', parentId: t.issue.id });

    const context = await t.gateway.getIssueContext('ENG-1');
    expect(t.standIn.stats.requests).toBe(1);
    expect(context).toMatchObject({
      id: t.issue.id,
      identifier: 'ENG-1',
      title: 'Add login and signup',
      description: 'Users need accounts.',
      url: world.issueUrl(t.issue),
      state: { name: 'Todo', type: 'unstarted' },
      team: { id: t.team.id, key: 'ENG', name: 'Engineering' },
      labels: [{ name: 'cyrus' }],
      parent: { id: parent.id, identifier: parent.identifier },
      children: [{ id: child.id, identifier: child.identifier, state: { type: 'unstarted' } }],
      trackingCommentId: null,
    });
    expect(context.team.states.map((s) => `${s.name}:${s.type}`)).toEqual([
      'Backlog:backlog',
      'Todo:unstarted',
      'In Progress:started',
      'In Review:started',
      'Done:completed',
      'Canceled:canceled',
    ]);
    // Cached for the run: asking again costs nothing.
    await t.gateway.getIssueContext(t.issue.id);
    expect(t.standIn.stats.requests).toBe(1);
  });

  it('sends a personal API key raw and an OAuth token as Bearer', async () => {
    expect(credentialKind(TEST_API_KEY)).toBe('apiKey');
    expect(credentialKind(TEST_ACCESS_TOKEN)).toBe('accessToken');
    await t.gateway.viewer();
    const viewer = await t.newGateway({ credential: TEST_ACCESS_TOKEN }).viewer();
    expect(viewer).toMatchObject({ name: 'Cyrus Bot', organization: { urlKey: 'acme' } });
    expect(t.standIn.requests.map((r) => r.authorization)).toEqual([
      TEST_API_KEY,
      `Bearer ${TEST_ACCESS_TOKEN}`,
    ]);
  });

  it('fails a wrong key as auth, naming the input to fix, without retrying', async () => {
    const error = await t
      .newGateway({ credential: 'lin_api_wrong' })
      .viewer()
      .catch((e: unknown) => e);
    expect(isLinearError(error) && error.kind).toBe('auth');
    expect((error as Error).message).toContain('linear-api-key');
    expect(t.standIn.stats.requests).toBe(1);
  });

  it('uses the report renderer’s tracking marker', () => {
    expect(TRACKING_MARKER).toBe(RENDERER_MARKER);
  });
});

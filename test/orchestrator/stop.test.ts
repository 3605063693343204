import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/util/clock.js';
import { testClock } from '../helpers/fixed-time.js';
import { openPullRequestOnFinish } from '../standins/codegen/github-app.js';
import { type CodegenStandIn, lifecycle, startCodegenStandIn } from '../standins/codegen/index.js';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';
import { AUTH_PLAN, ISSUE, makeJob, newLocation, OWNER, REPO } from './harness.js';

let clock: Clock;
let github: GitHubStandIn;
let codegen: CodegenStandIn;

beforeEach(async () => {
  clock = testClock(3_000);
  github = await startGitHubStandIn();
  github.state.addRepo({ owner: OWNER, repo: REPO });
  const opensPr = openPullRequestOnFinish(github.state, { owner: OWNER, repo: REPO });
  codegen = await startCodegenStandIn({
    clock,
    repos: [`${OWNER}/${REPO}`],
    script: () => lifecycle({ durationMs: 30 * 60_000, onFinish: opensPr }),
  });
});
afterEach(async () => {
  await codegen.close();
  await github.close();
});

describe('a stop between two dispatches', () => {
  it('dispatches nothing new and holds the tasks not started with who stopped them', async () => {
    let checks = 0;
    const j = makeJob({
      clock,
      codegen,
      github,
      store: 'dir',
      location: newLocation('dir'),
      // The first checkpoint lets api and ui go; someone stops the session while they run.
      deps: { shouldStop: async () => (checks++ === 0 ? undefined : 'stopped from Linear by Ada') },
    });
    await j.ledger.claimIssue(ISSUE, j.settings.runId);
    const record = await j.orchestrator.run({ issue: ISSUE, plan: AUTH_PLAN, strategyName: 'cloud-only' });
    j.monitor.close();
    expect(codegen.stats.byRoute.create).toBe(2);
    expect(Object.values(record.tasks).map((t) => [t.id, t.state, t.note])).toEqual([
      ['api', 'succeeded', undefined],
      ['ui', 'succeeded', undefined],
      ['tests', 'held', 'stopped from Linear by Ada'],
    ]);
    expect(j.logger.text()).toContain('ENG-9 stopped from Linear by Ada: 1 task(s) not started');
  });
});

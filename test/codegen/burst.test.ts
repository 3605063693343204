import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionResult } from '../../src/domain/index.js';
import { testClock } from '../helpers/fixed-time.js';
import { openPullRequestOnFinish } from '../standins/codegen/github-app.js';
import { type CodegenStandIn, lifecycle, startCodegenStandIn } from '../standins/codegen/index.js';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';
import { makeCloud, makeContext, OWNER, REPO } from './helpers.js';

const TASKS = 40;

/**
 * Reads allowed by a budget of 2 per sliding minute between the first request and the last read:
 * 2 per whole minute of the span, plus the 2 a partial minute can hold.
 */
function readAllowance(requests: { at: number; kind: string }[]): { reads: number; allowed: number } {
  const reads = requests.filter((r) => r.kind === 'read').map((r) => r.at);
  const start = Math.min(...requests.map((r) => r.at));
  const spanMinutes = (Math.max(...reads) - start) / 60_000;
  return { reads: reads.length, allowed: 2 * Math.floor(spanMinutes) + 2 };
}

describe(`a burst of ${TASKS} tasks against the Codegen stand-in`, () => {
  const clock = testClock(1_000);
  let gh: GitHubStandIn;
  let standIn: CodegenStandIn;
  let results: ExecutionResult[];
  let polls = 0;

  beforeAll(async () => {
    gh = await startGitHubStandIn();
    gh.state.addRepo({ owner: OWNER, repo: REPO });
    standIn = await startCodegenStandIn({
      clock,
      // 3 to 12 simulated minutes per run.
      script: ({ id }) =>
        lifecycle({
          durationMs: (3 + (id % 10)) * 60_000,
          onFinish: openPullRequestOnFinish(gh.state, { owner: OWNER, repo: REPO }),
        }),
    });
    const cloud = makeCloud(standIn.url, gh, clock);
    const contexts = Array.from({ length: TASKS }, (_, i) =>
      makeContext(clock, {
        task: { ...makeContext(clock).task, id: `t${i}` },
        ledgerKey: `ENG-123/t${i}/1`,
        branch: `cyrus/eng-123-t${i}`,
        deadline: Math.round(clock.now() + 60 * 60_000),
      }),
    );
    results = await Promise.all(
      contexts.map((context) => cloud.executor().execute(context.task.prompt, context)),
    );
    polls = cloud.monitor.stats.polls;
    cloud.monitor.close();
  }, 60_000);
  afterAll(async () => {
    await standIn.close();
    await gh.close();
  });

  it('completes every task with its own confirmed PR', () => {
    expect(results.filter((r) => r.success)).toHaveLength(TASKS);
    expect(new Set(results.map((r) => r.pullRequest?.number)).size).toBe(TASKS);
    expect(results.every((r) => r.cost.estimated)).toBe(true);
  });

  it('never makes the stand-in answer 429', () => {
    expect(standIn.stats.rateLimited).toEqual({ create: 0, read: 0, logs: 0 });
    expect(standIn.requests.filter((r) => r.status === 429)).toHaveLength(0);
  });

  it('creates each run once and polls within the job budget, whatever the number of runs', () => {
    expect(standIn.stats.byRoute.create).toBe(TASKS);
    const reads = standIn.requests.filter((r) => r.kind === 'read').map((r) => r.at);
    const span = (Math.max(...reads) - Math.min(...standIn.requests.map((r) => r.at))) / 60_000;
    const { reads: made, allowed } = readAllowance(standIn.requests);
    expect(made).toBeLessThanOrEqual(allowed);
    expect(standIn.stats.byRoute.getRun).toBe(0);
    console.info(
      `burst of ${TASKS}: ${standIn.stats.total} Codegen requests (${standIn.stats.byKind.create} creates, ` +
        `${standIn.stats.byKind.read} reads in ${polls} polls over ${span.toFixed(1)} simulated min), ` +
        `429s: ${Object.values(standIn.stats.rateLimited).reduce((a, b) => a + b, 0)}`,
    );
  });
});

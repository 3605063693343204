import { afterEach, describe, expect, it } from 'vitest';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';
import { branchPushed } from '../standins/github/push-ci.js';

/**
 * The GitHub stand-in's rule for pushes to a PR branch (contracts: events raised by the
 * built-in GITHUB_TOKEN, a push among them, start no workflows; an App's or a person's do, and a
 * push to a PR's head is a `synchronize` that runs its pull_request CI on the new head).
 */
let gh: GitHubStandIn | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

async function prWithPush(): Promise<{ gh: GitHubStandIn; before: string; after: string }> {
  gh = await startGitHubStandIn();
  gh.state.addRepo({ owner: 'acme', repo: 'widgets' });
  gh.state.ci = { conclusion: () => 'success' };
  gh.state.addToken('ghs_actions', 'github-actions[bot]');
  const before = gh.state.addBranch('acme', 'widgets', 'cyrus/eng-1-t1');
  gh.state.addPullRequest('acme', 'widgets', { head: 'cyrus/eng-1-t1', title: 'ENG-1: t1', user: 'alice' });
  gh.state.putFile('acme', 'widgets', 'cyrus/eng-1-t1', 'src/a.ts', 'export const a = 2;\n');
  const after = gh.state.branchSha('acme', 'widgets', 'cyrus/eng-1-t1') ?? '';
  return { gh, before, after };
}

describe('GitHub stand-in: a push to a PR branch', () => {
  it("by an App starts the PR's CI on the new head, as opening the PR did", async () => {
    const { gh, before, after } = await prWithPush();
    expect(after).not.toBe(before);
    expect(gh.state.checkRuns('acme', 'widgets', before).map((r) => r.name)).toEqual(['test']);
    expect(gh.state.checkRuns('acme', 'widgets', after)).toEqual([]);

    const synced = branchPushed(gh.state, 'acme', 'widgets', 'cyrus/eng-1-t1', 'codegen-sh[bot]');

    expect(synced.map((p) => p.head.ref)).toEqual(['cyrus/eng-1-t1']);
    expect(gh.state.checkRuns('acme', 'widgets', after).map((r) => [r.name, r.conclusion])).toEqual([
      ['test', 'success'],
    ]);
  });

  it('by the workflow’s GITHUB_TOKEN starts nothing', async () => {
    const { gh, after } = await prWithPush();

    const synced = branchPushed(gh.state, 'acme', 'widgets', 'cyrus/eng-1-t1', 'github-actions[bot]');

    expect(synced).toEqual([]);
    expect(gh.state.checkRuns('acme', 'widgets', after)).toEqual([]);
  });
});

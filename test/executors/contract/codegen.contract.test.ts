import { type Cloud, makeCloud, makeContext, OWNER, REPO } from '../../codegen/helpers.js';
import { testClock } from '../../helpers/fixed-time.js';
import { openPullRequestOnFinish } from '../../standins/codegen/github-app.js';
import {
  type CodegenStandIn,
  lifecycle,
  neverEnding,
  startCodegenStandIn,
} from '../../standins/codegen/index.js';
import { type GitHubStandIn, startGitHubStandIn } from '../../standins/github/index.js';
import { type Behaviour, type ContractWorld, executorContract, standInPullRequests } from './suite.js';

/** The Codegen stand-in runs the agent (on a clock 1000× fast); its GitHub App opens the PR on the GitHub stand-in. */
function codegenWorld(): ContractWorld {
  let gh: GitHubStandIn | undefined;
  let standIn: CodegenStandIn | undefined;
  let cloud: Cloud | undefined;
  const script = (behaviour: Behaviour, github: GitHubStandIn) => {
    if (behaviour === 'succeeds') {
      return () =>
        lifecycle({
          durationMs: 120_000,
          onFinish: openPullRequestOnFinish(github.state, { owner: OWNER, repo: REPO }),
        });
    }
    if (behaviour === 'fails')
      return () => lifecycle({ durationMs: 60_000, final: 'FAILED', result: 'could not finish' });
    return () => neverEnding();
  };
  return {
    name: 'codegen',
    async arrange(behaviour) {
      const clock = testClock(1_000);
      const github = await startGitHubStandIn();
      gh = github;
      github.state.addRepo({ owner: OWNER, repo: REPO });
      standIn = await startCodegenStandIn({ clock, script: script(behaviour, github) });
      cloud = makeCloud(standIn.url, github, clock);
      const context = makeContext(clock);
      return { executor: cloud.executor(), context, prompt: context.task.prompt };
    },
    pullRequests: () => standInPullRequests(gh, OWNER, REPO),
    async teardown() {
      cloud?.monitor.close();
      await standIn?.close();
      await gh?.close();
      cloud = undefined;
      standIn = undefined;
      gh = undefined;
    },
  };
}

executorContract(codegenWorld());

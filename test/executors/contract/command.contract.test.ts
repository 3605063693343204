import { describe } from 'vitest';
import { tempDirs } from '../../git/helpers/repos.js';
import { NO_SANDBOX } from '../../helpers/sandbox-gate.js';
import { agentConfig, makeCommandExecutor } from '../command/fixture.js';
import { context, type Repo, setupRepo } from '../local/fixture.js';
import { type ContractWorld, executorContract, standInPullRequests } from './suite.js';

/** The scripted command-line agent, in a repository on the GitHub stand-in. */
function commandWorld(): ContractWorld {
  const dirs = tempDirs();
  let repo: Repo | undefined;
  const modes = { succeeds: 'edit', fails: 'fail', hangs: 'hang' } as const;
  return {
    name: 'command',
    async arrange(behaviour) {
      const r = await setupRepo(dirs);
      repo = r;
      const { executor } = await makeCommandExecutor(r, agentConfig(modes[behaviour]));
      const ctx = context(r);
      return { executor, context: ctx, prompt: ctx.task.prompt };
    },
    pullRequests: () => standInPullRequests(repo?.gh, 'acme', 'widgets'),
    async teardown() {
      await repo?.gh.close();
      repo = undefined;
    },
    close: () => dirs.cleanup(),
  };
}

describe.skipIf(NO_SANDBOX)('command', () => executorContract(commandWorld()));

import { join } from 'node:path';
import { describe } from 'vitest';
import { tempDirs } from '../../git/helpers/repos.js';
import { NO_SANDBOX } from '../../helpers/sandbox-gate.js';
import {
  type AnthropicStandIn,
  CLAUDE_INSTALL_TIMEOUT_MS,
  callTool,
  hang,
  installClaudeForTests,
  makeClaudeHome,
  say,
  startAnthropicStandIn,
  type Turn,
} from '../../standins/anthropic/index.js';
import { context, makeExecutor, type Repo, runnerEnv, setupRepo } from '../local/fixture.js';
import { type Behaviour, type ContractWorld, executorContract, standInPullRequests } from './suite.js';

/** The real `claude` CLI against the Messages stand-in, in a repository on the GitHub stand-in. */
function claudeWorld(): ContractWorld {
  const dirs = tempDirs();
  let claude = '';
  let repo: Repo | undefined;
  let api: AnthropicStandIn | undefined;
  const script = (r: Repo, behaviour: Behaviour): Turn[] | ((index: number) => Turn) => {
    const file = (name: string) => join(r.worktreeRoot, 'cyrus-wt-cyrus-eng-42-t1', name);
    if (behaviour === 'succeeds') {
      return [
        callTool('Write', { file_path: file('greeting.ts'), content: 'export const greet = 1;\n' }),
        say('Done.'),
      ];
    }
    // Fails at the turn cap: it keeps calling tools.
    if (behaviour === 'fails')
      return (index) => callTool('Write', { file_path: file(`f${index}.txt`), content: 'x' });
    return [hang()];
  };
  return {
    name: 'claude-code',
    setupTimeoutMs: CLAUDE_INSTALL_TIMEOUT_MS,
    async setup() {
      claude = await installClaudeForTests();
    },
    async arrange(behaviour) {
      const r = await setupRepo(dirs);
      repo = r;
      const turns = script(r, behaviour);
      api = await startAnthropicStandIn({
        script: typeof turns === 'function' ? (_request, index) => turns(index) : turns,
      });
      const sourceEnv = runnerEnv(api.url, await makeClaudeHome());
      const maxTurns = behaviour === 'fails' ? 1 : 10;
      const { executor } = await makeExecutor(r, { binary: claude, sourceEnv, maxTurns });
      const ctx = context(r);
      return { executor, context: ctx, prompt: ctx.task.prompt };
    },
    pullRequests: () => standInPullRequests(repo?.gh, 'acme', 'widgets'),
    async teardown() {
      await api?.close();
      await repo?.gh.close();
      api = undefined;
      repo = undefined;
    },
    close: () => dirs.cleanup(),
  };
}

describe.skipIf(NO_SANDBOX)('claude-code', () => executorContract(claudeWorld()));

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { filesContaining } from '../../../src/git/index.js';
import { sh, shAsync, tempDirs } from '../../git/helpers/repos.js';
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
  TEST_ANTHROPIC_KEY,
  type Turn,
} from '../../standins/anthropic/index.js';
import {
  collect,
  context,
  envDumpingWrapper,
  FORBIDDEN,
  leftoverWorktrees,
  makeExecutor,
  type Repo,
  runnerEnv,
  setupRepo,
} from './fixture.js';

const dirs = tempDirs();
let claude = '';
let api: AnthropicStandIn | undefined;
let repo: Repo | undefined;

beforeAll(async () => {
  claude = await installClaudeForTests();
}, CLAUDE_INSTALL_TIMEOUT_MS);

afterEach(async () => {
  await api?.close();
  await repo?.gh.close();
  api = undefined;
  repo = undefined;
});
afterAll(() => dirs.cleanup());

/** A repository on the GitHub stand-in, and a Messages stand-in playing the script (made for that repository). */
async function start(script: (r: Repo) => Turn[] | ((index: number) => Turn)) {
  const r = await setupRepo(dirs);
  repo = r;
  const turns = script(r);
  const server = await startAnthropicStandIn({
    script: typeof turns === 'function' ? (_request, index) => turns(index) : turns,
  });
  api = server;
  const home = await makeClaudeHome();
  return { api: server, repo: r, home, env: runnerEnv(server.url, home) };
}

/** The file the worktree will hold, by the path Claude sees. */
const inWorktree = (r: Repo, branch: string, file: string) =>
  join(r.worktreeRoot, `cyrus-wt-${branch.replace(/\//g, '-')}`, file);

describe.skipIf(NO_SANDBOX)('ClaudeCodeExecutor with the real claude CLI', () => {
  it('lets Claude edit the worktree, then commits, pushes with its own credentials and opens the PR', async () => {
    const setup = await start((r) => [
      callTool('Write', {
        file_path: inWorktree(r, 'cyrus/eng-42-t1', 'greeting.ts'),
        content: 'export const greet = (n: string) => `Hello, ${n}`;\n',
      }),
      say('Added greeting.ts.'),
    ]);
    const r = setup.repo;
    const ctx = context(r);
    const { executor } = await makeExecutor(r, { binary: claude, sourceEnv: setup.env });
    const { events, onProgress } = collect();

    const result = await executor.executeStreaming(ctx.task.prompt, ctx, onProgress);

    expect(result).toMatchObject({
      executor: 'claude-code',
      status: 'succeeded',
      success: true,
      branch: 'cyrus/eng-42-t1',
      cost: { estimated: false },
    });
    expect(result.cost.usd).toBeGreaterThan(0);
    expect(result.sessionId).toMatch(/[0-9a-f-]{36}/);
    // The PR is on GitHub, titled with the Linear identifier, linking the issue, from the task branch to main.
    const pulls = r.gh.state.pullRequests('acme', 'widgets');
    expect(pulls).toHaveLength(1);
    const pr = pulls[0];
    expect(result.pullRequest).toMatchObject({
      number: pr?.number,
      headBranch: 'cyrus/eng-42-t1',
      url: pr?.html_url,
    });
    expect(pr?.title).toBe('ENG-42: Add the greeting module');
    expect(pr?.body).toContain('Refs ENG-42');
    expect(pr?.base.ref).toBe('main');
    // The branch in the bare repository holds Claude's file, committed by the action.
    expect(sh(r.bare, 'show', 'cyrus/eng-42-t1:greeting.ts')).toContain('Hello, ${n}');
    expect(sh(r.bare, 'log', '-1', '--format=%an|%s', 'cyrus/eng-42-t1')).toBe(
      'codegen-action[bot]|ENG-42: Add the greeting module',
    );
    // Claude was offered exactly the configured tools, and told the action commits and pushes.
    const first = setup.api.mainRequests()[0];
    // (DeferredToolPlaceholder is the CLI's own internal entry, not a tool the model can call.)
    const offered = first?.toolNames.filter((name) => name !== 'DeferredToolPlaceholder');
    expect(new Set(offered)).toEqual(new Set(['Read', 'Write', 'Edit', 'Bash']));
    expect(JSON.stringify(first?.body)).toContain('Do NOT run `git commit`');
    // The token left .git for good; the worktree is gone.
    expect(filesContaining(join(r.workspace, '.git'), FORBIDDEN)).toEqual([]);
    expect(leftoverWorktrees(r)).toEqual([]);
    expect(sh(r.workspace, 'worktree', 'list')).not.toContain('cyrus-wt-');
    // Progress: started, the Write tool, the PR, finished.
    const types = events.map((e) => (e.type === 'tool' ? `tool:${e.name}` : e.type));
    expect(types).toEqual(
      expect.arrayContaining(['started', 'status', 'tool:Write', 'pull_request', 'finished']),
    );
    expect(types.at(-1)).toBe('finished');
  });

  it('gives the agent no secret but the Anthropic key, in its environment or in any git config it can read', async () => {
    const setup = await start(() => [
      callTool('Bash', {
        command:
          "(git config --list --show-origin --includes; cat .git/config; for f in /proc/[0-9]*/environ; do tr '\\0' '\\n' < $f; done) > git-config.txt 2>&1; true",
        description: 'read git config',
      }),
      say('Done.'),
    ]);
    const r = setup.repo;
    const ctx = context(r);
    const wrapper = envDumpingWrapper(dirs.make('bin'), claude, 'env.txt');
    const { executor } = await makeExecutor(r, { binary: wrapper, sourceEnv: setup.env });

    const result = await executor.execute(ctx.task.prompt, ctx);

    expect(result.success).toBe(true);
    // What the sandboxed process saw went into its directory, which the action pushed.
    const env = sh(r.bare, 'show', 'cyrus/eng-42-t1:env.txt');
    expect(env).toContain(`ANTHROPIC_API_KEY=${TEST_ANTHROPIC_KEY}`);
    for (const secret of FORBIDDEN) expect(env).not.toContain(secret);
    expect(env).not.toMatch(
      /^(GITHUB_TOKEN|INPUT_[^=]*|LINEAR_[^=]*|CODEGEN_[^=]*|ACTIONS_RUNTIME_TOKEN|GIT_CONFIG_(COUNT|KEY|VALUE|PARAMETERS)[^=]*)=/m,
    );
    const gitConfig = sh(r.bare, 'show', 'cyrus/eng-42-t1:git-config.txt');
    expect(gitConfig).toContain('ANTHROPIC_API_KEY');
    for (const secret of FORBIDDEN) expect(gitConfig).not.toContain(secret);
    expect(gitConfig.toLowerCase()).not.toContain('extraheader');
  });

  it('bases a dependent task on the prerequisite task branch and stacks its PR on it', async () => {
    const setup = await start((r) => [
      callTool('Write', {
        file_path: inWorktree(r, 'cyrus/eng-42-t1', 'api.ts'),
        content: 'export const api = 1;\n',
      }),
      say('api done'),
      callTool('Write', {
        file_path: inWorktree(r, 'cyrus/eng-42-t2', 'api.test.ts'),
        content: 'import "./api";\n',
      }),
      say('tests done'),
    ]);
    const r = setup.repo;
    const first = context(r);
    const env = setup.env;
    const one = await (await makeExecutor(r, { binary: claude, sourceEnv: env })).executor.execute(
      'api',
      first,
    );
    expect(one.success).toBe(true);

    const second = context(r, {
      task: { ...first.task, id: 't2', title: 'Test the API', kind: 'test', dependsOn: ['t1'] },
      baseBranch: first.branch,
      branch: 'cyrus/eng-42-t2',
      ledgerKey: 'ENG-42/t2/1',
    });
    const two = await (await makeExecutor(r, { binary: claude, sourceEnv: env })).executor.execute(
      'tests',
      second,
    );

    expect(two.failure).toBeUndefined();
    expect(two.success).toBe(true);
    expect(sh(r.bare, 'ls-tree', '--name-only', 'cyrus/eng-42-t2').split('\n')).toEqual(
      expect.arrayContaining(['README.md', 'api.ts', 'api.test.ts']),
    );
    expect(sh(r.bare, 'merge-base', '--is-ancestor', 'cyrus/eng-42-t1', 'cyrus/eng-42-t2')).toBe('');
    const stacked = r.gh.state.pullRequests('acme', 'widgets').find((p) => p.head.ref === 'cyrus/eng-42-t2');
    expect(stacked?.base.ref).toBe('cyrus/eng-42-t1');
    expect(leftoverWorktrees(r)).toEqual([]);
  });

  it('resumes the session for a follow-up on the same branch and reuses the open PR', async () => {
    const setup = await start((r) => {
      const file = inWorktree(r, 'cyrus/eng-42-t1', 'greeting.ts');
      return [
        callTool('Write', { file_path: file, content: 'export const greet = 1;\n' }),
        say('first version'),
        callTool('Edit', { file_path: file, old_string: 'greet = 1', new_string: 'greet = 2' }),
        say('fixed'),
      ];
    });
    const r = setup.repo;
    const ctx = context(r);
    const env = setup.env;
    const first = await (await makeExecutor(r, { binary: claude, sourceEnv: env })).executor.execute(
      'greet',
      ctx,
    );
    expect(first.success).toBe(true);

    const followUp = context(r, {
      attempt: 2,
      ledgerKey: 'ENG-42/t1/2',
      followUp: { sessionId: first.sessionId ?? '', instructions: 'CI says greet must be 2.' },
    });
    const second = await (await makeExecutor(r, { binary: claude, sourceEnv: env })).executor.execute(
      'greet',
      followUp,
    );

    expect(second.failure).toBeUndefined();
    expect(second.success).toBe(true);
    expect(second.pullRequest?.number).toBe(first.pullRequest?.number);
    expect(r.gh.state.pullRequests('acme', 'widgets')).toHaveLength(1);
    expect(sh(r.bare, 'show', 'cyrus/eng-42-t1:greeting.ts')).toContain('greet = 2');
    expect(sh(r.bare, 'rev-list', '--count', 'main..cyrus/eng-42-t1')).toBe('2');
    // The follow-up went to the same conversation: its request carries the first run's turns.
    const last = setup.api.mainRequests().at(-1);
    expect(JSON.stringify(last?.body)).toContain('first version');
  });

  it('fails with no_pull_request, saying why, when Claude changed nothing', async () => {
    const setup = await start(() => [say('Nothing needs to change.')]);
    const r = setup.repo;
    const { executor } = await makeExecutor(r, { binary: claude, sourceEnv: setup.env });

    const result = await executor.execute('noop', context(r));

    expect(result).toMatchObject({ success: false, status: 'failed', pullRequest: null, branch: null });
    expect(result.failure?.kind).toBe('no_pull_request');
    expect(result.failure?.message).toContain('changed no file');
    expect(result.cost.usd).toBeGreaterThan(0);
    expect(await shAsync(r.bare, 'branch', '--list', 'cyrus/eng-42-t1')).toBe('');
    expect(leftoverWorktrees(r)).toEqual([]);
  });

  it('removes the worktree and pushes nothing when Claude fails (turn cap)', async () => {
    const setup = await start(
      (r) => (index) =>
        callTool('Write', { file_path: inWorktree(r, 'cyrus/eng-42-t1', `f${index}.txt`), content: 'x' }),
    );
    const r = setup.repo;
    const { executor } = await makeExecutor(r, { binary: claude, sourceEnv: setup.env, maxTurns: 1 });

    const result = await executor.execute('loop', context(r));

    expect(result.success).toBe(false);
    expect(result.failure?.kind).toBe('max_turns');
    expect(r.gh.state.pullRequests('acme', 'widgets')).toHaveLength(0);
    expect(leftoverWorktrees(r)).toEqual([]);
  });

  it('stops at the deadline, reports timed_out and removes the worktree', async () => {
    const setup = await start(() => [hang()]);
    const r = setup.repo;
    const { executor } = await makeExecutor(r, { binary: claude, sourceEnv: setup.env });

    const result = await executor.execute('hang', context(r, { deadline: Date.now() + 4000 }));

    expect(result).toMatchObject({ success: false, status: 'timed_out' });
    expect(result.failure?.kind).toBe('deadline');
    expect(leftoverWorktrees(r)).toEqual([]);
    expect(existsSync(join(r.worktreeRoot, 'cyrus-wt-cyrus-eng-42-t1'))).toBe(false);
  });

  it('stop() cancels a running task and cleans up', async () => {
    const setup = await start(() => [hang()]);
    const r = setup.repo;
    const { executor } = await makeExecutor(r, { binary: claude, sourceEnv: setup.env });
    let stopped: Promise<void> | undefined;
    const running = executor.executeStreaming('hang', context(r), (event) => {
      if (event.type === 'started') stopped = executor.stop();
    });
    expect(executor.isRunning()).toBe(true);

    const result = await running;
    await stopped;

    expect(result).toMatchObject({ success: false, status: 'cancelled' });
    expect(executor.isRunning()).toBe(false);
    expect(await executor.getStatus(result.sessionId ?? '')).toBe('cancelled');
    expect(leftoverWorktrees(r)).toEqual([]);
  });
});

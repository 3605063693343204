import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MAX_PROGRESS_LINES } from '../../../src/executors/command/index.js';
import { sh, shAsync, tempDirs } from '../../git/helpers/repos.js';
import { processesWith } from '../../helpers/processes.js';
import { NO_SANDBOX } from '../../helpers/sandbox-gate.js';
import { collect, context, FORBIDDEN, leftoverWorktrees, type Repo, setupRepo } from '../local/fixture.js';
import { AGENT_KEY, agentConfig, commandRunnerEnv, makeCommandExecutor } from './fixture.js';

const dirs = tempDirs();
let repo: Repo | undefined;
afterEach(async () => {
  await repo?.gh.close();
  repo = undefined;
});
afterAll(() => dirs.cleanup());

async function start(): Promise<Repo> {
  repo = await setupRepo(dirs);
  return repo;
}

describe.skipIf(NO_SANDBOX)('CommandExecutor with a real scripted agent', () => {
  it('runs the agent in its directory, then commits, pushes and opens the PR; no job secret reaches it', async () => {
    const r = await start();
    const ctx = context(r);
    const { executor } = await makeCommandExecutor(r, agentConfig('edit', 'argument'));
    const { events, onProgress } = collect();

    const result = await executor.executeStreaming(ctx.task.prompt, ctx, onProgress);

    expect(result.failure).toBeUndefined();
    expect(result).toMatchObject({
      executor: 'command',
      status: 'succeeded',
      success: true,
      branch: 'cyrus/eng-42-t1',
      cost: { usd: 0.25, estimated: true, basis: 'estimate: $0.25 per run' },
    });
    expect(result.sessionId).toMatch(/^command-[0-9a-f-]{36}$/);
    const pulls = r.gh.state.pullRequests('acme', 'widgets');
    expect(pulls).toHaveLength(1);
    expect(result.pullRequest).toMatchObject({ number: pulls[0]?.number, headBranch: 'cyrus/eng-42-t1' });
    expect(pulls[0]?.title).toBe('ENG-42: Add the greeting module');
    expect(pulls[0]?.body).toContain('Written by Scripted agent on the runner');
    expect(pulls[0]?.body).toContain('Added greet(name).');
    expect(sh(r.bare, 'show', 'cyrus/eng-42-t1:greeting.ts')).toContain('Hello, ${n}');
    expect(sh(r.bare, 'log', '-1', '--format=%an|%b', 'cyrus/eng-42-t1')).toContain(
      'codegen-action[bot]|Subtask t1 of ENG-42, attempt 1.\nWritten by Scripted agent',
    );
    // The prompt it got is the task's, with the rules (the action commits, not the agent).
    const seen = sh(r.bare, 'show', 'cyrus/eng-42-t1:prompt-seen.txt');
    expect(seen).toContain('Create greeting.ts exporting greet(name).');
    expect(seen).toContain('Do NOT run `git commit`');
    // Its environment: its own key, nothing of the job's.
    const env = sh(r.bare, 'show', 'cyrus/eng-42-t1:env.txt');
    expect(env).toContain(`OPENAI_API_KEY=${AGENT_KEY}`);
    expect(env).toContain('USER=cyrus-sandbox');
    for (const secret of FORBIDDEN) expect(env).not.toContain(secret);
    expect(env).not.toMatch(
      /^(GITHUB_TOKEN|INPUT_[^=]*|LINEAR_[^=]*|CODEGEN_[^=]*|ACTIONS_[^=]*|ANTHROPIC_[^=]*|HTTPS_PROXY|GIT_CONFIG_(COUNT|KEY|VALUE)[^=]*)=/m,
    );
    expect(leftoverWorktrees(r)).toEqual([]);
    const types = events.map((e) => e.type);
    expect(types.slice(0, 2)).toEqual(['started', 'status']);
    expect(types.slice(-2)).toEqual(['pull_request', 'finished']);
    const said = events.flatMap((e) => (e.type === 'message' ? [e.text] : []));
    expect(said).toEqual(expect.arrayContaining(['wrote greeting.ts', 'Added greet(name).']));
    expect(await executor.getStatus(result.sessionId ?? '')).toBe('succeeded');
  });

  it.each(['file', 'stdin'] as const)('passes the prompt by %s', async (via) => {
    const r = await start();
    const { executor } = await makeCommandExecutor(r, agentConfig('edit', via));
    const result = await executor.execute('greet', context(r));
    expect(result.failure).toBeUndefined();
    const seen = sh(r.bare, 'show', 'cyrus/eng-42-t1:prompt-seen.txt');
    expect(seen).toContain('## Task t1: Add the greeting module');
    expect(seen).toContain('greet("Ada") returns "Hello, Ada"');
    // The prompt file is not in the tree it pushed, and its private directory is gone.
    expect(sh(r.bare, 'ls-tree', '--name-only', 'cyrus/eng-42-t1')).not.toContain('prompt.md');
    expect(leftoverWorktrees(r)).toEqual([]);
  });

  it('reports its output lines as progress, bounded, short and without terminal colours', async () => {
    const r = await start();
    const { executor } = await makeCommandExecutor(r, agentConfig('chatty'));
    const { events, onProgress } = collect();
    const result = await executor.executeStreaming('x', context(r), onProgress);
    expect(result.success).toBe(true);
    const said = events.flatMap((e) => (e.type === 'message' ? [e.text] : []));
    expect(said).toHaveLength(MAX_PROGRESS_LINES + 1);
    expect(said[0]).toMatch(/^scripted agent: mode chatty, prompt of \d+ characters$/);
    expect(said[1]).toBe(`step 0 ${'x'.repeat(1000)}`.slice(0, 300));
    expect(said.at(-1)).toBe('(further output is not reported)');
    expect(said.every((line) => line.length <= 300 && !line.includes('\u001b'))).toBe(true);
  });

  it('a non-zero exit is a failure carrying the tail of its output; nothing is pushed', async () => {
    const r = await start();
    const { executor } = await makeCommandExecutor(r, agentConfig('fail'));
    const result = await executor.execute('x', context(r));
    expect(result).toMatchObject({ success: false, status: 'failed', pullRequest: null, branch: null });
    expect(result.failure?.kind).toBe('agent_error');
    expect(result.failure?.message).toMatch(
      /^Scripted agent exited with code 1; its last output: .*error: the model refused the request \(scripted failure\)/s,
    );
    expect(result.cost).toMatchObject({ usd: 0.25, estimated: true });
    expect(await shAsync(r.bare, 'branch', '--list', 'cyrus/eng-42-t1')).toBe('');
    expect(leftoverWorktrees(r)).toEqual([]);
  });

  it('refuses a prompt too long for one argument, saying to pass it as a file', async () => {
    const r = await start();
    const { executor } = await makeCommandExecutor(r, agentConfig('edit', 'argument'));
    const result = await executor.execute('x'.repeat(130_000), context(r));
    expect(result.failure?.kind).toBe('internal');
    expect(result.failure?.message).toMatch(
      /^the prompt \(\d+ bytes\) is too long for one argument; pass it as a file with \{promptFile\} in executors\.command\.command$/,
    );
    expect(result.cost).toEqual({ usd: 0, estimated: true, basis: 'Scripted agent did not start' });
    expect(leftoverWorktrees(r)).toEqual([]);
  });

  it('an agent that changes nothing fails with no_pull_request, saying so', async () => {
    const r = await start();
    const { executor } = await makeCommandExecutor(r, agentConfig('noop'));
    const result = await executor.execute('x', context(r));
    expect(result.failure?.kind).toBe('no_pull_request');
    expect(result.failure?.message).toBe(
      'Scripted agent finished (exit code 0) but changed no file on cyrus/eng-42-t1, so there is nothing to commit and no pull request was opened',
    );
    expect(r.gh.state.pullRequests('acme', 'widgets')).toHaveLength(0);
  });

  it('past its timeout it is killed with its process group and timed out', async () => {
    const r = await start();
    const marker = '777.4242';
    const { executor } = await makeCommandExecutor(
      r,
      agentConfig('hang', 'argument', { timeoutMinutes: 0.05 }),
      commandRunnerEnv({ HANG_MARKER: marker }),
    );
    const result = await executor.execute('x', context(r));
    expect(result).toMatchObject({ success: false, status: 'timed_out', pullRequest: null });
    expect(result.failure?.kind).toBe('deadline');
    expect(result.failure?.message).toBe(
      'Scripted agent ran past its timeout (executors.command.timeoutMinutes = 0.05) and was killed with its process group',
    );
    expect(processesWith(`sleep ${marker}`)).toEqual([]);
    expect(leftoverWorktrees(r)).toEqual([]);
  });

  it('stop() cancels it and cleans up', async () => {
    const r = await start();
    const { executor } = await makeCommandExecutor(r, agentConfig('hang'));
    let stopped: Promise<void> | undefined;
    const running = executor.executeStreaming('x', context(r), (event) => {
      if (event.type === 'message') stopped ??= executor.stop();
    });
    const result = await running;
    await stopped;
    expect(result).toMatchObject({ success: false, status: 'cancelled' });
    expect(result.failure?.message).toBe('Scripted agent was stopped; its process group was killed');
    expect(executor.isRunning()).toBe(false);
    expect(await executor.getStatus(result.sessionId ?? '')).toBe('cancelled');
    expect(leftoverWorktrees(r)).toEqual([]);
  });

  it('a follow-up is a fresh run with the task and the evidence, on the same branch and PR', async () => {
    const r = await start();
    const first = await (await makeCommandExecutor(r, agentConfig('edit'))).executor.execute(
      'greet',
      context(r),
    );
    expect(first.success).toBe(true);
    const followUp = context(r, {
      attempt: 2,
      ledgerKey: 'ENG-42/t1/2',
      followUp: { sessionId: first.sessionId ?? '', instructions: 'CI says: greeting.test.ts fails.' },
    });
    // Same content as the first run: only prompt-seen.txt changes, so a commit is made.
    const second = await (await makeCommandExecutor(r, agentConfig('edit'))).executor.execute(
      'greet',
      followUp,
    );
    expect(second.failure).toBeUndefined();
    expect(second.pullRequest?.number).toBe(first.pullRequest?.number);
    expect(second.sessionId).not.toBe(first.sessionId);
    const seen = sh(r.bare, 'show', 'cyrus/eng-42-t1:prompt-seen.txt');
    expect(seen).toContain('## Task t1: Add the greeting module');
    expect(seen).toContain('## Earlier work and what is still wrong');
    expect(seen).toContain('CI says: greeting.test.ts fails.');
  });
});

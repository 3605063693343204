import { chmod, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runClaude, type StreamMessage } from '../../src/claude/index.js';
import {
  type AnthropicStandIn,
  callTool,
  claudeTestEnv,
  hang,
  makeClaudeHome,
  say,
  TEST_ANTHROPIC_KEY,
  type Turn,
  useClaudeStandIns,
} from '../standins/anthropic/index.js';

const claudeStandIns = useClaudeStandIns();

function standIn(script: Turn[]): Promise<AnthropicStandIn> {
  return claudeStandIns.start({ script });
}

/** Pids of the group that are not zombies, from /proc (Linux; elsewhere the group probe is skipped). */
async function liveProcessesInGroup(pgid: number): Promise<number[]> {
  if (process.platform !== 'linux') return [];
  const live: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Fields after the command name (which sits in parentheses): state, ppid, pgrp, ...
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z') live.push(Number(entry));
  }
  return live;
}

const workDir = () => mkdtemp(join(tmpdir(), 'claude-run-'));

describe('runClaude with the real CLI', () => {
  it('runs tool calls, reads the stream and reports cost, turns and session', async () => {
    const dir = await workDir();
    const server = await standIn([
      callTool('Write', { file_path: join(dir, 'hello.txt'), content: 'hi' }),
      say('Done.'),
    ]);
    const seen: StreamMessage[] = [];
    const result = await runClaude({
      binary: claudeStandIns.claude(),
      prompt: 'Write hello.txt',
      cwd: dir,
      tools: ['Read', 'Write'],
      allowedTools: ['Write'],
      maxTurns: 5,
      deadline: Date.now() + 90_000,
      env: claudeTestEnv(server.url, await makeClaudeHome()),
      onMessage: (m) => seen.push(m),
    });
    expect(result).toMatchObject({
      success: true,
      subtype: 'success',
      isError: false,
      turns: 2,
      resultText: 'Done.',
    });
    expect(result.costUsd).toBeGreaterThan(0);
    expect(result.sessionId).toMatch(/[0-9a-f-]{36}/);
    expect(result.stoppedBy).toContain('finished');
    expect(await readFile(join(dir, 'hello.txt'), 'utf8')).toBe('hi');
    expect(seen.map((m) => m.type)).toEqual(
      expect.arrayContaining(['system', 'assistant', 'user', 'result']),
    );
    expect(seen.at(-1)?.type).toBe('result');
    // The prompt arrived (through stdin) and the tool set is exactly the one asked for.
    const [first, second] = server.mainRequests();
    expect(first?.userText).toContain('Write hello.txt');
    expect(first?.toolNames).toEqual(expect.arrayContaining(['Read', 'Write']));
    expect(first?.toolNames).not.toContain('Bash');
    expect(second?.toolResults[0]?.isError).toBe(false);
  });

  it('says the turn cap stopped a run that hits --max-turns', async () => {
    const dir = await workDir();
    await writeFile(join(dir, 'a.txt'), 'a');
    const read = callTool('Read', { file_path: join(dir, 'a.txt') });
    const server = await standIn([read, read, read, read, say('never reached')]);
    const result = await runClaude({
      binary: claudeStandIns.claude(),
      prompt: 'Keep reading',
      cwd: dir,
      tools: ['Read'],
      maxTurns: 2,
      deadline: Date.now() + 90_000,
      env: claudeTestEnv(server.url, await makeClaudeHome()),
    });
    expect(result).toMatchObject({ success: false, subtype: 'error_max_turns', failureKind: 'max_turns' });
    expect(result.stoppedBy).toContain('turn cap (2 turns)');
    expect(server.mainRequests().length).toBeLessThanOrEqual(3);
  });

  it('says the budget cap stopped a run that passes --max-budget-usd', async () => {
    const dir = await workDir();
    await writeFile(join(dir, 'a.txt'), 'a');
    const expensive: Turn = {
      toolCalls: [{ name: 'Read', input: { file_path: join(dir, 'a.txt') } }],
      usage: { input_tokens: 200_000, output_tokens: 20_000 },
    };
    const server = await standIn([expensive, expensive, expensive, say('never reached')]);
    const result = await runClaude({
      binary: claudeStandIns.claude(),
      prompt: 'Spend',
      cwd: dir,
      tools: ['Read'],
      maxBudgetUsd: 0.01,
      deadline: Date.now() + 90_000,
      env: claudeTestEnv(server.url, await makeClaudeHome()),
    });
    expect(result).toMatchObject({
      success: false,
      subtype: 'error_max_budget_usd',
      failureKind: 'max_budget',
    });
    expect(result.stoppedBy).toContain('budget cap ($0.01)');
    expect(result.costUsd).toBeGreaterThan(0.01);
  });

  it('kills the whole process group at the deadline and says so', async () => {
    const dir = await workDir();
    const server = await standIn([hang()]);
    // The wrapper records its pid; `exec` makes it the CLI's pid and process group.
    const pidFile = join(dir, 'claude.pid');
    const wrapper = join(dir, 'claude-wrapper.sh');
    await writeFile(
      wrapper,
      `#!/bin/sh\necho $$ > '${pidFile}'\nsleep 600 &\nexec '${claudeStandIns.claude()}' "$@"\n`,
    );
    await chmod(wrapper, 0o755);
    const result = await runClaude({
      binary: wrapper,
      prompt: 'Hang',
      cwd: dir,
      tools: ['Read'],
      deadline: Date.now() + 4000,
      killGraceMs: 2000,
      env: claudeTestEnv(server.url, await makeClaudeHome()),
    });
    expect(result).toMatchObject({ success: false, subtype: 'error_deadline', failureKind: 'deadline' });
    expect(result.stoppedBy).toMatch(/deadline .* stopped it .* process group was killed/);
    const pid = Number((await readFile(pidFile, 'utf8')).trim());
    // Neither the CLI nor the `sleep` it started in its group is alive (zombies awaiting init don't count).
    expect(await liveProcessesInGroup(pid)).toEqual([]);
  });

  it('stops when the caller aborts, and says it was cancelled', async () => {
    const dir = await workDir();
    const server = await standIn([hang()]);
    const controller = new AbortController();
    const result = await runClaude({
      binary: claudeStandIns.claude(),
      prompt: 'Hang',
      cwd: dir,
      tools: ['Read'],
      deadline: Date.now() + 90_000,
      env: claudeTestEnv(server.url, await makeClaudeHome()),
      signal: controller.signal,
      // The first line (init) proves the CLI runs; abort then, while it waits for the model.
      onMessage: (m) => {
        if (m.type === 'system') controller.abort();
      },
    });
    expect(result).toMatchObject({ success: false, subtype: 'cancelled', failureKind: 'cancelled' });
    expect(result.sessionId).toMatch(/[0-9a-f-]{36}/);
  });

  it('gives the child only allow-listed variables: the Anthropic key, never other tokens', async () => {
    const dir = await workDir();
    const server = await standIn([say('ok')]);
    const envFile = join(dir, 'env.json');
    const wrapper = join(dir, 'claude-env-dump.sh');
    await writeFile(
      wrapper,
      `#!/bin/sh\nnode -e 'require("fs").writeFileSync(process.argv[1], JSON.stringify(process.env))' '${envFile}'\nexec '${claudeStandIns.claude()}' "$@"\n`,
    );
    await chmod(wrapper, 0o755);
    const leaky = {
      GITHUB_TOKEN: 'ghs_secret',
      INPUT_GITHUB_TOKEN: 'ghs_secret2',
      'INPUT_LINEAR-API-KEY': 'lin_secret',
      LINEAR_API_KEY: 'lin_secret',
      CODEGEN_API_TOKEN: 'cg_secret',
      ACTIONS_RUNTIME_TOKEN: 'rt_secret',
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.extraheader',
      GIT_CONFIG_VALUE_0: 'AUTHORIZATION: basic c2VjcmV0',
      ANTHROPIC_AUTH_TOKEN: 'other_secret',
      CLAUDE_CODE_OAUTH_TOKEN: 'oauth_secret',
    };
    const result = await runClaude({
      binary: wrapper,
      prompt: 'Hi',
      cwd: dir,
      tools: [],
      deadline: Date.now() + 90_000,
      env: claudeTestEnv(server.url, await makeClaudeHome(), leaky),
    });
    expect(result.success).toBe(true);
    const childEnv = JSON.parse(await readFile(envFile, 'utf8')) as Record<string, string>;
    expect(childEnv.ANTHROPIC_API_KEY).toBe(TEST_ANTHROPIC_KEY);
    const values = Object.values(childEnv).join('\n');
    for (const [name, value] of Object.entries(leaky)) {
      expect(childEnv[name], name).toBeUndefined();
      if (/secret|c2Vj/.test(value)) expect(values).not.toContain(value);
    }
    expect(Object.keys(childEnv).filter((k) => /TOKEN|SECRET|PASSWORD/i.test(k))).toEqual([]);
  });
});

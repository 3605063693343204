import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runClaude, StreamTrace } from '../../src/claude/index.js';
import { ExecutionTrace } from '../../src/domain/index.js';
import {
  callTool,
  claudeTestEnv,
  makeClaudeHome,
  say,
  useClaudeStandIns,
} from '../standins/anthropic/index.js';

const claudeStandIns = useClaudeStandIns();

describe('StreamTrace over the real CLI’s stream-json output', () => {
  it('counts each tool call once, and takes turns, time and cost from the result line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'claude-trace-'));
    const server = await claudeStandIns.start({
      script: [
        callTool('Write', { file_path: join(dir, 'a.txt'), content: 'a' }),
        callTool('Read', { file_path: join(dir, 'a.txt') }),
        callTool('Write', { file_path: join(dir, 'b.txt'), content: 'b' }),
        say('Done.'),
      ],
    });
    const trace = new StreamTrace();
    const result = await runClaude({
      binary: claudeStandIns.claude(),
      prompt: 'Write a.txt, read it, write b.txt',
      cwd: dir,
      tools: ['Read', 'Write'],
      allowedTools: ['Read', 'Write'],
      maxTurns: 8,
      deadline: Date.now() + 90_000,
      env: claudeTestEnv(server.url, await makeClaudeHome()),
      onMessage: (message) => trace.observe(message),
    });
    expect(result.success).toBe(true);
    const summary = trace.summary(0);
    expect(ExecutionTrace.parse(summary)).toEqual(summary);
    expect(summary).toMatchObject({
      source: 'claude-stream',
      tools: { Write: 2, Read: 1 },
      toolCalls: 3,
      turns: result.turns,
      durationMs: result.durationMs,
      costUsd: result.costUsd,
    });
    expect(summary.turns).toBe(4);
    expect(summary.costUsd).toBeGreaterThan(0);
    expect(summary.truncated).toBeUndefined();
  });

  it('a run cut off before its result line says so and counts what it saw', () => {
    const trace = new StreamTrace();
    trace.observe({
      type: 'assistant',
      message: { id: 'm1', content: [{ type: 'tool_use', id: 'tu1', name: 'Bash', input: {} }] },
    });
    // The CLI repeats a message's content block by block under the same ids.
    trace.observe({
      type: 'assistant',
      message: { id: 'm1', content: [{ type: 'tool_use', id: 'tu1', name: 'Bash', input: {} }] },
    });
    const summary = trace.summary(4_000);
    expect(summary).toMatchObject({ tools: { Bash: 1 }, toolCalls: 1, turns: 1, durationMs: 4_000 });
    expect(summary.costUsd).toBeUndefined();
    expect(summary.truncated).toMatch(/no result line/);
  });
});

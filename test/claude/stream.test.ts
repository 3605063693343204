import { describe, expect, it } from 'vitest';
import { assistantText, buildClaudeArgs, parseStreamLine, toolUses } from '../../src/claude/index.js';
import { interpretRun, type RunObservation } from '../../src/claude/outcome.js';

describe('parseStreamLine', () => {
  it('reads the known message types and tolerates unknown ones', () => {
    const init = parseStreamLine(
      '{"type":"system","subtype":"init","session_id":"s1","tools":["Read"],"model":"m"}',
    );
    expect(init).toMatchObject({ ok: true, message: { type: 'system', session_id: 's1', tools: ['Read'] } });
    const assistant = parseStreamLine(
      JSON.stringify({
        type: 'assistant',
        message: {
          id: 'm1',
          content: [
            { type: 'text', text: 'Hi ' },
            { type: 'tool_use', id: 't1', name: 'Write', input: { file_path: 'a' } },
            { type: 'thinking', thinking: '...' },
          ],
        },
      }),
    );
    if (!assistant.ok || assistant.message.type !== 'assistant')
      throw new Error('expected an assistant message');
    expect(assistantText(assistant.message)).toBe('Hi ');
    expect(toolUses(assistant.message)).toEqual([{ id: 't1', name: 'Write', input: { file_path: 'a' } }]);
    expect(
      parseStreamLine('{"type":"rate_limit_event","rate_limit_info":{"status":"allowed"}}'),
    ).toMatchObject({
      ok: true,
      message: { type: 'rate_limit_event' },
    });
    expect(parseStreamLine('{"type":"stream_event","event":{}}')).toMatchObject({
      ok: true,
      message: { type: 'unknown', originalType: 'stream_event' },
    });
  });

  it('rejects non-JSON and a result that breaks its schema', () => {
    expect(parseStreamLine('warning: something')).toMatchObject({ ok: false });
    expect(parseStreamLine('{"type":"result","subtype":"success"}')).toMatchObject({ ok: false });
  });
});

describe('buildClaudeArgs', () => {
  it('passes caps, tools and schema as the CLI spells them', () => {
    const args = buildClaudeArgs({
      tools: ['Read', 'Glob'],
      maxTurns: 7,
      maxBudgetUsd: 1.5,
      jsonSchema: { type: 'object' },
      resumeSessionId: 'abc',
    });
    expect(args.slice(0, 4)).toEqual(['-p', '--output-format', 'stream-json', '--verbose']);
    expect(args.join(' ')).toContain(
      '--tools Read,Glob --max-turns 7 --max-budget-usd 1.5 --json-schema {"type":"object"} --resume abc',
    );
  });
});

describe('interpretRun', () => {
  const seen: RunObservation = {
    sessionId: 's',
    turnsSeen: 1,
    elapsedMs: 1000,
    exitCode: 0,
    exitSignal: null,
    stderrTail: '',
    limits: { deadline: Date.UTC(2030, 0, 1) },
  };
  const result = (fields: Record<string, unknown>) => {
    const parsed = parseStreamLine(
      JSON.stringify({ type: 'result', num_turns: 3, total_cost_usd: 0.5, ...fields }),
    );
    if (!parsed.ok || parsed.message.type !== 'result') throw new Error('bad fixture');
    return parsed.message;
  };

  it('treats a success with is_error as a failure', () => {
    const outcome = interpretRun({
      ...seen,
      result: result({ subtype: 'success', is_error: true, result: 'API Error: 500' }),
    });
    expect(outcome).toMatchObject({ success: false, failureKind: 'agent_error', costUsd: 0.5, turns: 3 });
    expect(outcome.stoppedBy).toContain('API Error: 500');
  });

  it('names an auth failure', () => {
    const outcome = interpretRun({
      ...seen,
      result: result({
        subtype: 'success',
        is_error: true,
        api_error_status: 401,
        result: 'Invalid API key',
      }),
    });
    expect(outcome.failureKind).toBe('auth');
  });

  it('says why a run without a result ended', () => {
    expect(interpretRun({ ...seen, exitCode: 1, stderrTail: 'boom' }).stoppedBy).toBe(
      'claude exited with code 1 before reporting a result: boom',
    );
    expect(interpretRun({ ...seen, stop: 'cancelled' })).toMatchObject({ failureKind: 'cancelled' });
    expect(interpretRun({ ...seen, startError: 'spawn ENOENT' })).toMatchObject({ failureKind: 'internal' });
  });
});

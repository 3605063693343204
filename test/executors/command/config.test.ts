import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/config/index.js';
import { agentInvocation, parseCommandConfig, promptInput } from '../../../src/executors/command/index.js';

const reasonOf = (block: unknown) => {
  const parsed = parseCommandConfig(block);
  if (parsed.ok) throw new Error('expected the block to be refused');
  return parsed.reason;
};

describe('executors.command block', () => {
  it('takes a minimal block and fills the defaults', () => {
    const parsed = parseCommandConfig({ command: ['codex', 'exec', '{prompt}'], costPerRunUsd: 0.3 });
    expect(parsed).toEqual({
      ok: true,
      config: {
        label: 'Command agent',
        command: ['codex', 'exec', '{prompt}'],
        timeoutMinutes: 30,
        env: [],
        costPerRunUsd: 0.3,
        costPerMinuteUsd: 0,
      },
    });
  });

  it('names the field that is wrong, under executors.command', () => {
    expect(reasonOf({ command: ['aider'], costPerRunUsd: 0.1, timeoutMinutes: 'ten' })).toContain(
      'executors.command.timeoutMinutes: expected a number of minutes',
    );
    expect(reasonOf({ command: ['aider'] })).toContain(
      'executors.command.costPerRunUsd: expected a price in USD',
    );
    expect(reasonOf({ command: [], costPerRunUsd: 0 })).toContain(
      'executors.command.command: expected at least the program to run',
    );
    expect(reasonOf({ command: 'codex exec', costPerRunUsd: 0 })).toContain(
      'executors.command.command: expected a list of arguments',
    );
    expect(reasonOf({ command: ['aider'], costPerRunUsd: 0, timeoutMinute: 5 })).toMatch(
      /executors\.command\.timeoutMinute: unknown key \(known keys: label, command, timeoutMinutes/,
    );
  });

  it('refuses an unknown placeholder, a placeholder as the program, and the job’s own variables', () => {
    expect(reasonOf({ command: ['codex', '{promt}'], costPerRunUsd: 0 })).toContain(
      'executors.command.command[1]: unknown placeholder {promt}',
    );
    expect(reasonOf({ command: ['{prompt}'], costPerRunUsd: 0 })).toContain(
      'the program (the first item) cannot be a placeholder',
    );
    for (const name of [
      'GITHUB_TOKEN',
      'INPUT_GITHUB-TOKEN',
      'LINEAR_API_KEY',
      'CODEGEN_API_TOKEN',
      'ANTHROPIC_API_KEY',
      'GIT_CONFIG_VALUE_0',
    ]) {
      expect(reasonOf({ command: ['aider'], costPerRunUsd: 0, env: [name] })).toContain(
        'executors.command.env[0]',
      );
    }
    expect(reasonOf({ command: ['aider'], costPerRunUsd: 0, env: ['GITHUB_TOKEN'] })).toContain(
      "is one of the job's own variables",
    );
  });
});

describe('the README’s config reference', () => {
  it('shows an executors.command block that the module takes as written', () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
      .map((m) => m[1] ?? '')
      .find((b) => b.includes('executors:'));
    const file = parseConfigText(block ?? '', 'cyrus.yml');
    const parsed = parseCommandConfig(file.executors?.command);
    expect(parsed).toMatchObject({
      ok: true,
      config: {
        label: 'Codex CLI',
        command: ['codex', 'exec', '--full-auto', '{prompt}'],
        env: ['OPENAI_API_KEY'],
      },
    });
  });
});

describe('how the prompt is passed', () => {
  const prompt = 'Fix it. Literal {promptFile} and $& and $1 stay as written.';

  it('as an argument with {prompt}, in one pass and with no shell', () => {
    const command = ['codex', 'exec', '--message={prompt}', '--full-auto'];
    expect(promptInput(command)).toBe('argument');
    expect(agentInvocation(command, prompt, '/run/p.md')).toEqual({
      program: 'codex',
      args: ['exec', `--message=${prompt}`, '--full-auto'],
      stdin: null,
    });
  });

  it('as a file path with {promptFile}', () => {
    const command = ['aider', '--message-file', '{promptFile}'];
    expect(promptInput(command)).toBe('file');
    expect(agentInvocation(command, prompt, '/run/p.md')).toEqual({
      program: 'aider',
      args: ['--message-file', '/run/p.md'],
      stdin: null,
    });
  });

  it('on stdin when the template has no placeholder', () => {
    const command = ['gemini', '--yolo'];
    expect(promptInput(command)).toBe('stdin');
    expect(agentInvocation(command, prompt, '/run/p.md')).toEqual({
      program: 'gemini',
      args: ['--yolo'],
      stdin: prompt,
    });
  });
});

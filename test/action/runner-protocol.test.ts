import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunnerProtocol } from '../../src/action/runner-protocol.js';
import { parseOutputFile } from '../helpers/run-bundle.js';

function protocol(env: NodeJS.ProcessEnv = {}) {
  const lines: string[] = [];
  return { protocol: new RunnerProtocol(env, (t) => lines.push(t)), lines };
}

afterEach(() => {
  process.exitCode = 0;
});

describe('RunnerProtocol', () => {
  it('reads inputs the way the runner sets them: upper case, spaces as underscores, trimmed', () => {
    const { protocol: p } = protocol({ 'INPUT_GITHUB-TOKEN': ' ghs_x \n', INPUT_MY_INPUT: 'v' });
    expect(p.getInput('github-token')).toBe('ghs_x');
    expect(p.getInput('my input')).toBe('v');
    expect(p.getInput('missing')).toBe('');
  });

  it('writes outputs as heredocs the runner (and our parser) reads back, multi-line values intact', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'proto-'));
    const file = path.join(dir, 'out');
    writeFileSync(file, '');
    const { protocol: p } = protocol({ GITHUB_OUTPUT: file });
    p.setOutput('plan', '{"a": 1}');
    p.setOutput('summary', '## Title\n\nline two\n');
    expect(parseOutputFile(readFileSync(file, 'utf8'))).toEqual({
      plan: '{"a": 1}',
      summary: '## Title\n\nline two\n',
    });
  });

  it('escapes workflow command data so a message cannot start another command', () => {
    const { protocol: p, lines } = protocol();
    p.error('bad 100%\n::set-env name=X::y');
    p.setSecret('s3cret');
    expect(lines).toEqual([
      `::error::bad 100%25%0A::set-env name=X::y${os.EOL}`,
      `::add-mask::s3cret${os.EOL}`,
    ]);
  });

  it('logs outside text as text: no line of it becomes a workflow command', () => {
    const out: string[] = [];
    const protocol = new RunnerProtocol({}, (text) => out.push(text));
    const summary =
      'Tests failed\n::add-mask::ghs_x\n  ::stop-commands::pwned\r::error file=a.ts::fake\nok ##[set-output name=x;]y';
    protocol.info(`validation: PR #3 failed: ${summary}`);
    const lines = out.join('').split(/\r\n|\r|\n/);
    expect(lines.filter((l) => /^\s*::/.test(l))).toEqual([]);
    expect(lines.filter((l) => l.includes('##['))).toEqual([]);
    // Still readable: only a zero-width space was added.
    expect(out.join('').replace(/\u200b/g, '')).toBe(`validation: PR #3 failed: ${summary}\n`);
  });

  it('setFailed sets a failing exit code and prints an error annotation', () => {
    const { protocol: p, lines } = protocol();
    p.setFailed('no token');
    expect(process.exitCode).toBe(1);
    expect(lines[0]).toBe(`::error::no token${os.EOL}`);
  });

  it('appends the summary to GITHUB_STEP_SUMMARY and is silent without it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'proto-'));
    const file = path.join(dir, 'summary');
    writeFileSync(file, 'before\n');
    new RunnerProtocol({ GITHUB_STEP_SUMMARY: file }, () => undefined).appendSummary('## codegen-action');
    expect(readFileSync(file, 'utf8')).toBe(`before\n## codegen-action${os.EOL}`);
    expect(() => new RunnerProtocol({}, () => undefined).appendSummary('x')).not.toThrow();
  });
});

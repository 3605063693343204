import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RunnerProtocol } from '../../src/action/runner-protocol.js';
import { parseOutputFile } from '../helpers/run-bundle.js';

/** The protocol as @actions/core speaks it: the variables it reads, and what it prints to stdout. */
function protocol(env: Record<string, string> = {}) {
  for (const name of ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_STATE']) vi.stubEnv(name, undefined);
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  return { protocol: new RunnerProtocol(), lines };
}

afterEach(() => {
  process.exitCode = 0;
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
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
    const { protocol: p, lines: out } = protocol();
    const summary =
      'Tests failed\n::add-mask::ghs_x\n  ::stop-commands::pwned\r::error file=a.ts::fake\nok ##[set-output name=x;]y';
    p.info(`validation: PR #3 failed: ${summary}`);
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

  it('appends the summary to GITHUB_STEP_SUMMARY and is silent without it (outputs too)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'proto-'));
    const file = path.join(dir, 'summary');
    writeFileSync(file, 'before\n');
    await protocol({ GITHUB_STEP_SUMMARY: file }).protocol.appendSummary('## codegen-action');
    await protocol({ GITHUB_STEP_SUMMARY: file }).protocol.appendSummary('second');
    expect(readFileSync(file, 'utf8')).toBe(`before\n## codegen-action${os.EOL}second${os.EOL}`);
    vi.unstubAllEnvs();
    const bare = protocol();
    await expect(bare.protocol.appendSummary('x')).resolves.toBeUndefined();
    bare.protocol.setOutput('status', 'success');
    expect(bare.lines).toEqual([]);
  });

  it('writes annotations with their place, groups, and state for a post step', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'proto-'));
    const state = path.join(dir, 'state');
    writeFileSync(state, '');
    const { protocol: p, lines } = protocol({ GITHUB_STATE: state });
    p.warning('config key is deprecated', { file: '.github/cyrus.yml', startLine: 3 });
    p.startGroup('Planning');
    p.endGroup();
    p.saveState('ledger', 'acme/web#12');
    expect(lines).toEqual([
      `::warning file=.github/cyrus.yml,line=3::config key is deprecated${os.EOL}`,
      `::group::Planning${os.EOL}`,
      `::endgroup::${os.EOL}`,
    ]);
    expect(readFileSync(state, 'utf8')).toMatch(/^ledger<<ghadelimiter_.+\nacme\/web#12\n/);
  });
});

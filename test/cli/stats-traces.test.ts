import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_EPOCH, testClock } from '../helpers/fixed-time.js';
import { runCliAt } from './helpers/in-process.js';
import { sampleLedger, writeLedgerDir } from './helpers/ledger-fixture.js';

function ledgerWithTraces(): ReturnType<typeof sampleLedger> {
  const ledger = sampleLedger(TEST_EPOCH);
  const attempts = ledger.issues.flatMap((issue) => Object.values(issue.tasks).flatMap((t) => t.attempts));
  const [first, second] = attempts;
  if (!first || !second) throw new Error('fixture changed: two attempts expected');
  first.trace = {
    source: 'claude-stream',
    tools: { Edit: 3, Bash: 1 },
    toolCalls: 4,
    turns: 6,
    durationMs: 60_000,
  };
  second.trace = { source: 'codegen-logs', tools: { Edit: 2 }, toolCalls: 2, turns: 10, durationMs: 90_000 };
  return ledger;
}

describe('cyrus stats with traced attempts', () => {
  it('prints the tools used and turns across attempts, and gives them in --json', async () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'cyrus-stats-traces-'));
    writeLedgerDir(path.join(repo, 'ledger'), ledgerWithTraces());
    const run = await runCliAt(testClock(), ['stats', '--period', 'all', '--ledger-dir', 'ledger'], {
      cwd: repo,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Traces: 2 traced attempts, 6 tool call\(s\), 16 turn\(s\) \(about 8 per attempt\); tools: Edit 5, Bash 1$/m,
    );
    const json = await runCliAt(
      testClock(),
      ['stats', '--period', 'all', '--ledger-dir', 'ledger', '--json'],
      {
        cwd: repo,
      },
    );
    expect(JSON.parse(json.stdout).traces.all).toEqual({
      attempts: 2,
      toolCalls: 6,
      turns: 16,
      durationMs: 150_000,
      tools: { Edit: 5, Bash: 1 },
    });
  });

  it('says nothing of traces when no attempt kept one', async () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'cyrus-stats-traces-'));
    writeLedgerDir(path.join(repo, 'ledger'), sampleLedger(TEST_EPOCH));
    const run = await runCliAt(testClock(), ['stats', '--period', 'all', '--ledger-dir', 'ledger'], {
      cwd: repo,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('Traces:');
  });
});

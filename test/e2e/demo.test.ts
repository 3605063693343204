import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_SANDBOX } from '../helpers/sandbox-gate.js';
import { CLAUDE_INSTALL_TIMEOUT_MS, installClaudeForTests } from '../standins/anthropic/index.js';

// The demo runs a local agent, which runs only in the sandbox (it says so and stops without one).
describe.skipIf(NO_SANDBOX)('npm run demo', () => {
  it(
    'runs the whole flow and prints the job summary and the final Linear comment',
    async () => {
      await installClaudeForTests();
      const child = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'demo/run.ts'], {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        out += d.toString();
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      clearTimeout(timer);
      expect(code, out.slice(-4000)).toBe(0);
      expect(out).toContain('The action exited 0 with status=success');
      expect(out).toContain('Job summary (GITHUB_STEP_SUMMARY)');
      expect(out).toContain('```mermaid');
      expect(out).toMatch(/\| \*\*api\*\* Auth API endpoints \| codegen \| ✅ succeeded/);
      expect(out).toMatch(/\| \*\*docs\*\* Document the auth flow \| claude-code \| ✅ succeeded/);
      expect(out).toContain('Final Linear tracking comment');
      expect(out).toContain('<!-- cyrus:tracking -->');
      expect(out).toMatch(/Linear issue ENG-1 is now "In Review"/);
      // Progress while the action works: its log lines, grouped, before the summary; no raw commands.
      const log = out.slice(out.indexOf('its log as it comes'), out.indexOf('The action exited'));
      expect(log).toMatch(/^ {4}Trigger: issues → mode run/m);
      expect(log).toMatch(/^ {2}▾ Planning ENG-1 \(\d+\.\d s\)$/m);
      expect(log).toMatch(/^ {6}Task docs → claude-code \(attempt 1\)/m);
      expect(log).not.toMatch(/^::/m);
      expect(log.split('\n').every((l) => l.length <= 150)).toBe(true);
      // "Wall time" explained next to the demo's own time.
      expect(out).toMatch(/The summary's "Wall time: \d+s" is the tasks' own span/);
      expect(out).toMatch(/The action as a whole ran \d+\.\d s/);
      expect(out).toMatch(/This demo took \d+\.\d s in all/);
    },
    CLAUDE_INSTALL_TIMEOUT_MS + 150_000,
  );
});

import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLAUDE_INSTALL_TIMEOUT_MS, installClaudeForTests } from '../standins/anthropic/index.js';

describe('npm run demo', () => {
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
    },
    CLAUDE_INSTALL_TIMEOUT_MS + 150_000,
  );
});

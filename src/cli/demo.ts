import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../util/errors.js';
import { type CommandSpec, EXIT } from './command.js';

/** The package root: dist/cli/index.js is two levels down. */
function packageRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/**
 * `cyrus demo` runs `npm run demo`: the stand-ins are the test suite's own servers, so the demo
 * runs from a source checkout with its dev dependencies, not from an installed package.
 */
export const demoCommand: CommandSpec = {
  path: ['demo'],
  summary: 'the whole flow against built-in local stand-ins, no credentials',
  description:
    'Starts stand-ins for GitHub, Codegen, Linear and the Anthropic API on 127.0.0.1 and runs the built action on a sample issue: plan, both executors, PRs, CI, validation, the Linear comment. Needs a source checkout (git clone, npm ci, npm run build).',
  options: {},
  positionals: { min: 0, max: 0 },
  run: async (ctx) => {
    const root = packageRoot();
    const script = path.join(root, 'demo', 'run.ts');
    const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    if (!existsSync(script) || !existsSync(tsx)) {
      throw new UserError(
        'cyrus demo runs from a source checkout: clone the repository, then `npm ci && npm run build && npx cyrus demo` (or `npm run demo`).',
      );
    }
    const child = spawn(process.execPath, [tsx, script], { cwd: root, stdio: 'inherit', env: ctx.env });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return code === 0 ? EXIT.ok : EXIT.failure;
  },
};

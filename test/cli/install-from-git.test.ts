import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve('.');
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;
const NPX_TIMEOUT_MS = 240_000;

function npx(args: string[], cwd: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('npx', args, {
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? os.tmpdir(),
        npm_config_update_notifier: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), NPX_TIMEOUT_MS - 10_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

/**
 * README's way for a user of the action to get `cyrus`: npx from the action's repository at a release
 * tag (the package is not on the npm registry, so `npx cyrus` outside a checkout is a 404). Here the
 * repository is this clone's own history as a git URL, tagged as a release would be.
 */
describe('getting the cyrus command', () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'cyrus-npx-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it(
    'npx --package=<the action repository>#v<version> cyrus runs the committed dist/cli from the tag',
    async () => {
      const origin = path.join(scratch, 'codegen-action.git');
      execFileSync('git', ['clone', '--quiet', '--bare', ROOT, origin]);
      execFileSync('git', ['-C', origin, 'tag', `v${VERSION}`, 'HEAD']);
      const project = mkdtempSync(path.join(scratch, 'user-repo-'));
      const spec = `git+file://${origin}#v${VERSION}`;
      const version = await npx(['--yes', `--package=${spec}`, 'cyrus', '--version'], project);
      expect(version.code, version.out).toBe(0);
      expect(version.out.trim().split('\n').at(-1)).toBe(VERSION);
      const validate = await npx(['--yes', `--package=${spec}`, 'cyrus', 'config', 'validate'], project);
      expect(validate.code, validate.out).toBe(0);
      expect(validate.out).toContain('No config file: the defaults apply');
    },
    NPX_TIMEOUT_MS,
  );
});

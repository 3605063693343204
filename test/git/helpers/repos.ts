import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Plain synchronous git for test set-up (the code under test uses its own runner). */
const SH_ENV = {
  ...process.env,
  GIT_TERMINAL_PROMPT: '0',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

export function sh(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: SH_ENV, stdio: ['ignore', 'pipe', 'pipe'] })
    .toString('utf8')
    .trim();
}

/** Like sh, without blocking the event loop: needed when the server is in this process. */
export async function shAsync(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('git', args, { cwd, env: SH_ENV, timeout: 20_000 });
  return stdout.trim();
}

export interface TempDirs {
  make(prefix: string): string;
  cleanup(): void;
}

export function tempDirs(): TempDirs {
  const made: string[] = [];
  return {
    make(prefix) {
      const dir = mkdtempSync(join(tmpdir(), `cyrus-test-${prefix}-`));
      made.push(dir);
      return dir;
    },
    cleanup() {
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A bare repository `<root>/<owner>/<repo>.git` with one commit on `main` (README.md). */
export function makeOrigin(root: string, owner = 'acme', repo = 'widgets'): string {
  const bare = join(root, owner, `${repo}.git`);
  mkdirSync(bare, { recursive: true });
  sh(bare, 'init', '--bare', '--quiet', '--initial-branch=main');
  const seed = join(root, 'seed');
  mkdirSync(seed);
  sh(seed, 'init', '--quiet', '--initial-branch=main');
  writeFileSync(join(seed, 'README.md'), '# widgets\n');
  sh(seed, 'add', '-A');
  sh(seed, 'commit', '--quiet', '-m', 'initial');
  sh(seed, 'push', '--quiet', bare, 'main');
  rmSync(seed, { recursive: true, force: true });
  return bare;
}

/**
 * A checkout laid out like actions/checkout's with `persist-credentials: true`: origin is the
 * plain URL and the token sits in `.git/config` as `http.<server>/.extraheader`.
 */
export async function checkoutLikeActions(
  dir: string,
  originUrl: string,
  token: string,
  serverUrl: string,
): Promise<string> {
  const workspace = join(dir, 'workspace');
  mkdirSync(workspace);
  sh(workspace, 'init', '--quiet', '--initial-branch=main');
  sh(workspace, 'remote', 'add', 'origin', originUrl);
  sh(workspace, 'config', '--local', 'gc.auto', '0');
  sh(workspace, 'config', '--local', `http.${serverUrl}/.extraheader`, extraheader(token));
  await shAsync(
    workspace,
    'fetch',
    '--quiet',
    '--no-tags',
    'origin',
    '+refs/heads/main:refs/remotes/origin/main',
  );
  sh(workspace, 'checkout', '--quiet', '-B', 'main', 'refs/remotes/origin/main');
  return workspace;
}

export function extraheader(token: string): string {
  return `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
}

/** The forms a token can be found in: as is, and inside the basic auth header. */
export function tokenForms(token: string): string[] {
  return [token, Buffer.from(`x-access-token:${token}`).toString('base64')];
}

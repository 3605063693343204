import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claudePlatform, PINNED_CLAUDE_VERSION, resolveClaudeBinary } from '../../src/claude/index.js';
import type { Clock } from '../../src/util/clock.js';
import { UserError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/logger.js';

const platform = claudePlatform('linux', 'x64', false);
/** Backoff waits are real code paths; in tests they pass at once. */
const instantClock: Clock = { now: () => Date.now(), sleep: async () => {} };

async function script(dir: string, name: string, body: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

const fakeClaude = (version: string) => `echo "${version} (Claude Code)"`;

/** An npm that fails its first `fails` calls, then "installs" a claude reporting `version`. */
async function fakeNpm(dir: string, fails: number, version = PINNED_CLAUDE_VERSION) {
  const calls = join(dir, 'npm-calls.log');
  const npm = await script(
    dir,
    'npm',
    [
      `echo "$*" >> '${calls}'`,
      `if [ "$(wc -l < '${calls}')" -le ${fails} ]; then echo "npm ERR! network ECONNRESET" >&2; exit 1; fi`,
      'prefix=""; while [ $# -gt 0 ]; do [ "$1" = "--prefix" ] && prefix="$2"; shift; done',
      `pkg="$prefix/node_modules/${platform.packageName}"`,
      'mkdir -p "$pkg"',
      `printf '#!/bin/sh\\necho "${version} (Claude Code)"\\n' > "$pkg/claude"`,
    ].join('\n'),
  );
  const callCount = async () =>
    (await readFile(calls, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
  return { npm, callCount, calls };
}

const tempDir = () => mkdtemp(join(tmpdir(), 'claude-install-'));

describe('resolveClaudeBinary', () => {
  it('uses the claude-path input as given and warns about another version', async () => {
    const dir = await tempDir();
    const binary = await script(dir, 'my-claude', fakeClaude('1.0.0'));
    const logger = new MemoryLogger();
    const resolved = await resolveClaudeBinary({ claudePath: binary, logger });
    expect(resolved).toEqual({ path: binary, version: '1.0.0', source: 'input' });
    expect(logger.text()).toContain(`tested with ${PINNED_CLAUDE_VERSION}`);
  });

  it('refuses a claude-path that does not run, naming the input', async () => {
    const error = await resolveClaudeBinary({
      claudePath: '/nonexistent/claude',
      logger: new MemoryLogger(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toContain('`claude-path` input (/nonexistent/claude)');
  });

  it('takes a claude on PATH only when it is the pinned version', async () => {
    const dir = await tempDir();
    const bin = join(dir, 'bin');
    await mkdir(bin);
    await script(bin, 'claude', fakeClaude(PINNED_CLAUDE_VERSION));
    const logger = new MemoryLogger();
    const resolved = await resolveClaudeBinary({
      logger,
      env: { PATH: bin },
      toolCacheDir: join(dir, 'cache'),
      platform,
    });
    expect(resolved).toEqual({ path: join(bin, 'claude'), version: PINNED_CLAUDE_VERSION, source: 'path' });
  });

  it('installs the platform package with npm when PATH has another version, then reuses the cache', async () => {
    const dir = await tempDir();
    const bin = join(dir, 'bin');
    await mkdir(bin);
    await script(bin, 'claude', fakeClaude('0.1.0'));
    const { npm, callCount, calls } = await fakeNpm(dir, 0);
    const options = {
      env: { PATH: `${bin}:${process.env.PATH}` },
      toolCacheDir: join(dir, 'cache'),
      npmCommand: npm,
      platform,
      clock: instantClock,
    };
    const logger = new MemoryLogger();
    const first = await resolveClaudeBinary({ ...options, logger });
    expect(first.source).toBe('installed');
    expect(first.version).toBe(PINNED_CLAUDE_VERSION);
    expect(first.path).toBe(
      join(
        dir,
        'cache',
        'claude-code',
        PINNED_CLAUDE_VERSION,
        'linux-x64',
        'node_modules',
        '@anthropic-ai',
        'claude-code-linux-x64',
        'claude',
      ),
    );
    expect(logger.text()).toContain('version 0.1.0');
    const npmArgs = await readFile(calls, 'utf8');
    expect(npmArgs).toContain(`install --prefix`);
    expect(npmArgs).toContain('--ignore-scripts');
    expect(npmArgs).toContain(`@anthropic-ai/claude-code-linux-x64@${PINNED_CLAUDE_VERSION}`);

    const second = await resolveClaudeBinary({ ...options, logger });
    expect(second).toEqual({ ...first, source: 'cache' });
    expect(await callCount()).toBe(1);
  });

  it('retries a failing install and succeeds', async () => {
    const dir = await tempDir();
    const { npm, callCount } = await fakeNpm(dir, 2);
    const logger = new MemoryLogger();
    const resolved = await resolveClaudeBinary({
      logger,
      env: { PATH: process.env.PATH },
      searchPath: false,
      toolCacheDir: join(dir, 'cache'),
      npmCommand: npm,
      platform,
      clock: instantClock,
    });
    expect(resolved.source).toBe('installed');
    expect(await callCount()).toBe(3);
    expect(logger.text()).toContain('ECONNRESET');
  });

  it('gives up with a clear error after the last attempt', async () => {
    const dir = await tempDir();
    const { npm, callCount } = await fakeNpm(dir, 99);
    const error = await resolveClaudeBinary({
      logger: new MemoryLogger(),
      env: { PATH: process.env.PATH },
      searchPath: false,
      toolCacheDir: join(dir, 'cache'),
      npmCommand: npm,
      platform,
      clock: instantClock,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toContain('Could not install Claude Code');
    expect((error as Error).message).toContain('claude-path');
    expect((error as Error).message).toContain('attempt 3: npm install exited with 1');
    expect(await callCount()).toBe(3);
  });

  it('rejects an install whose binary reports another version', async () => {
    const dir = await tempDir();
    const { npm } = await fakeNpm(dir, 0, '0.0.1');
    const error = await resolveClaudeBinary({
      logger: new MemoryLogger(),
      env: { PATH: process.env.PATH },
      searchPath: false,
      toolCacheDir: join(dir, 'cache'),
      npmCommand: npm,
      platform,
      clock: instantClock,
      attempts: 1,
    }).catch((e: unknown) => e);
    expect((error as Error).message).toContain(`says version 0.0.1, not ${PINNED_CLAUDE_VERSION}`);
  });

  it('installs once when several callers race for the same cache', async () => {
    const dir = await tempDir();
    const { npm, callCount } = await fakeNpm(dir, 0);
    const options = {
      logger: new MemoryLogger(),
      env: { PATH: process.env.PATH },
      searchPath: false,
      toolCacheDir: join(dir, 'cache'),
      npmCommand: npm,
      platform,
    };
    const all = await Promise.all([
      resolveClaudeBinary(options),
      resolveClaudeBinary(options),
      resolveClaudeBinary(options),
    ]);
    expect(new Set(all.map((r) => r.path)).size).toBe(1);
    expect(all.map((r) => r.source).sort()).toEqual(['cache', 'cache', 'installed']);
    expect(await callCount()).toBe(1);
  });
});

describe('claudePlatform', () => {
  it('picks the platform package, musl included', () => {
    expect(claudePlatform('linux', 'x64', false).packageName).toBe('@anthropic-ai/claude-code-linux-x64');
    expect(claudePlatform('linux', 'arm64', true).packageName).toBe(
      '@anthropic-ai/claude-code-linux-arm64-musl',
    );
    expect(claudePlatform('darwin', 'arm64', false)).toMatchObject({
      key: 'darwin-arm64',
      binaryName: 'claude',
    });
    expect(claudePlatform('win32', 'x64', false)).toMatchObject({
      key: 'win32-x64',
      binaryName: 'claude.exe',
    });
    expect(() => claudePlatform('freebsd', 'x64', false)).toThrow(/claude-path/);
  });
});

describe('the install lock', () => {
  it('takes over a lock whose holder is gone', async () => {
    const { withDirectoryLock } = await import('../../src/claude/lock.js');
    const { hostname } = await import('node:os');
    const dir = await tempDir();
    const lock = join(dir, 'x.lock');
    await mkdir(lock);
    // A pid far above any real one: its holder died without cleaning up.
    await writeFile(join(lock, 'owner'), `${hostname()} 999999999\n`);
    const value = await withDirectoryLock(
      lock,
      { clock: instantClock, waitMs: 1000, staleMs: 60_000 },
      async () => 'ran',
    );
    expect(value).toBe('ran');
  });
});

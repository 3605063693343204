import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CACHE = path.join(REPO_ROOT, 'node_modules', '.cache', 'codegen-action', 'cli-bundle');

/** Generous: ncc typechecks the project while it bundles (about 25 s on the 2-core machine). */
export const CLI_BUILD_TIMEOUT_MS = 240_000;

/**
 * The CLI exactly as it ships: `scripts/build.mjs` builds the `cli` entry into a cache keyed by the
 * sources, once for all test files (the first worker builds, the others wait on its lock). Tests run
 * before `npm run build` in CI, so they never rely on a committed dist/.
 */
let built: string | undefined;

export function cliBundle(): string {
  // Once per process: sources edited while the tests run must not swap the bundle mid-file.
  built ??= buildOrReuse();
  return built;
}

function buildOrReuse(): string {
  const key = sourceHash();
  const final = path.join(CACHE, key);
  const bundle = path.join(final, 'cli', 'index.js');
  if (existsSync(bundle)) return bundle;
  mkdirSync(CACHE, { recursive: true });
  const lock = `${final}.lock`;
  const deadline = Date.now() + CLI_BUILD_TIMEOUT_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(bundle)) return bundle;
      // A lock older than the build can take belongs to a worker that died.
      if (Date.now() - statSync(lock).mtimeMs > CLI_BUILD_TIMEOUT_MS)
        rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for another worker to build the CLI (${lock})`);
      execFileSync('sleep', ['0.5']);
    }
  }
  try {
    if (existsSync(bundle)) return bundle;
    const staging = mkdtempSync(path.join(CACHE, 'staging-'));
    try {
      execFileSync(process.execPath, ['scripts/build.mjs', staging, 'cli'], {
        cwd: REPO_ROOT,
        stdio: 'pipe',
      });
    } catch (error) {
      const output = (error as { stderr?: Buffer; stdout?: Buffer }).stderr?.toString() ?? '';
      throw new Error(`building the CLI failed:\n${output}`);
    }
    for (const old of readdirSync(CACHE)) {
      if (/^[0-9a-f]{16}$/.test(old)) rmSync(path.join(CACHE, old), { recursive: true, force: true });
    }
    renameSync(staging, final);
    return bundle;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Everything the bundle is built from: the sources, the lockfile and the build script. */
function sourceHash(): string {
  const hash = createHash('sha256');
  const files = [
    ...listFiles(path.join(REPO_ROOT, 'src')),
    path.join(REPO_ROOT, 'package.json'),
    path.join(REPO_ROOT, 'package-lock.json'),
    path.join(REPO_ROOT, 'scripts', 'build.mjs'),
    path.join(REPO_ROOT, 'tsconfig.json'),
  ];
  for (const file of files)
    hash.update(path.relative(REPO_ROOT, file)).update('\0').update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => statSync(f).isFile())
    .sort();
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  /** The child's whole environment besides PATH and HOME: nothing leaks in from the test process. */
  env?: Record<string, string>;
  stdin?: string;
  timeoutMs?: number;
}

/** `node dist/cli/index.js ARGS` as a user's shell runs it: stdin a pipe (not a terminal). */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  const bundle = cliBundle();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, ...args], {
      cwd: options.cwd ?? os.tmpdir(),
      env: { PATH: process.env.PATH ?? '', HOME: options.cwd ?? os.tmpdir(), ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

/** A fresh directory for one test (a repository checkout, a HOME). */
export function tempDir(prefix = 'cyrus-cli-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function hasScript(): boolean {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

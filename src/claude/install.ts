import { constants } from 'node:fs';
import { access, chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { backoffDelay } from '../util/backoff.js';
import { type Clock, systemClock } from '../util/clock.js';
import { UserError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { plural } from '../util/plural.js';
import { runCommand } from './command.js';
import { buildClaudeEnv } from './env.js';
import { withDirectoryLock } from './lock.js';
import { type ClaudePlatform, claudePlatform } from './platform.js';
import { PINNED_CLAUDE_VERSION, parseClaudeVersion } from './version.js';

export interface ResolveClaudeOptions {
  /** The `claude-path` input: used as given, whatever its version. */
  claudePath?: string;
  /** Where installs are kept; default `RUNNER_TOOL_CACHE`, else `~/.cache/codegen-action`. */
  toolCacheDir?: string;
  logger: Logger;
  /** Default: the pinned version. */
  version?: string;
  /** Environment for PATH lookup and npm (registry, proxy settings); default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Look for a `claude` of the pinned version on PATH first; default true. */
  searchPath?: boolean;
  npmCommand?: string;
  /** npm install attempts, with backoff between them; default 3. */
  attempts?: number;
  /** Per attempt; default 10 minutes (the binary is ~200 MB). */
  installTimeoutMs?: number;
  clock?: Clock;
  platform?: ClaudePlatform;
}

export interface ResolvedClaudeBinary {
  path: string;
  version: string;
  source: 'input' | 'path' | 'cache' | 'installed';
}

const VERSION_TIMEOUT_MS = 30_000;

/** `claude-path`, else a pinned `claude` on PATH, else the tool cache, else an npm install into it. */
export async function resolveClaudeBinary(options: ResolveClaudeOptions): Promise<ResolvedClaudeBinary> {
  const env = options.env ?? process.env;
  const version = options.version ?? PINNED_CLAUDE_VERSION;
  const { logger } = options;

  if (options.claudePath) {
    const found = await probeVersion(options.claudePath, env);
    if (!found.ok) {
      throw new UserError(
        `The \`claude-path\` input (${options.claudePath}) is not a working claude executable: ${found.error}. ` +
          'Point it at a `claude` binary, or leave it empty to install the pinned version.',
      );
    }
    if (found.version !== version) {
      logger.warning(
        `claude at ${options.claudePath} is version ${found.version}; this action is tested with ${version}`,
      );
    }
    logger.info(`Claude Code ${found.version} from the claude-path input (${options.claudePath})`);
    return { path: options.claudePath, version: found.version, source: 'input' };
  }

  if (options.searchPath !== false) {
    for (const candidate of candidatesOnPath(env.PATH ?? '')) {
      if (!(await isExecutable(candidate))) continue;
      const found = await probeVersion(candidate, env);
      if (found.ok && found.version === version) {
        logger.info(`Claude Code ${version} found on PATH (${candidate})`);
        return { path: candidate, version, source: 'path' };
      }
      logger.info(
        `claude on PATH (${candidate}) is ${found.ok ? `version ${found.version}` : 'not working'}; using the pinned ${version}`,
      );
      break;
    }
  }

  const platform = options.platform ?? claudePlatform();
  const cacheRoot =
    options.toolCacheDir ?? env.RUNNER_TOOL_CACHE ?? join(homedir(), '.cache', 'codegen-action');
  // Laid out like @actions/tool-cache: <cache>/<tool>/<version>/<arch> plus a `.complete` marker.
  const versionDir = join(cacheRoot, 'claude-code', version);
  const installDir = join(versionDir, platform.key);
  const marker = `${installDir}.complete`;
  const binary = join(installDir, 'node_modules', ...platform.packageName.split('/'), platform.binaryName);
  const clock = options.clock ?? systemClock;

  const cached = await fromCache(marker, binary, version, env);
  if (cached) {
    logger.info(`Claude Code ${version} from the tool cache (${binary})`);
    return { path: binary, version, source: 'cache' };
  }

  await mkdir(versionDir, { recursive: true });
  return withDirectoryLock(
    `${installDir}.lock`,
    { clock, waitMs: 20 * 60_000, staleMs: 20 * 60_000 },
    async (): Promise<ResolvedClaudeBinary> => {
      // Another process may have finished the install while we waited for the lock.
      if (await fromCache(marker, binary, version, env)) {
        logger.info(`Claude Code ${version} from the tool cache (${binary})`);
        return { path: binary, version, source: 'cache' };
      }
      await installWithRetries({ ...options, env, version, platform, installDir, marker, clock });
      logger.info(`Claude Code ${version} installed into the tool cache (${binary})`);
      return { path: binary, version, source: 'installed' };
    },
  );
}

async function fromCache(
  marker: string,
  binary: string,
  version: string,
  env: NodeJS.ProcessEnv,
): Promise<boolean> {
  if (!(await exists(marker))) return false;
  const found = await probeVersion(binary, env);
  return found.ok && found.version === version;
}

interface InstallPlan extends ResolveClaudeOptions {
  env: NodeJS.ProcessEnv;
  version: string;
  platform: ClaudePlatform;
  installDir: string;
  marker: string;
  clock: Clock;
}

async function installWithRetries(plan: InstallPlan): Promise<void> {
  const attempts = plan.attempts ?? 3;
  const spec = `${plan.platform.packageName}@${plan.version}`;
  const failures: string[] = [];
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) {
      const delay = Math.max(1000, backoffDelay(attempt, { baseMs: 2000, maxMs: 30_000 }));
      plan.logger.info(`retrying the Claude Code install in ${Math.round(delay / 1000)}s`);
      await plan.clock.sleep(delay);
    }
    plan.logger.info(`installing ${spec} with npm (attempt ${attempt + 1} of ${attempts})`);
    const error = await installOnce(plan, spec);
    if (!error) return;
    failures.push(`attempt ${attempt + 1}: ${error}`);
    plan.logger.warning(`installing ${spec} failed: ${error}`);
  }
  throw new UserError(
    `Could not install Claude Code (${spec}) from npm after ${plural(attempts, 'attempt')}. Check that the runner can ` +
      'reach the npm registry (or the one your npm config names), or install `claude` yourself and pass its ' +
      'path as the `claude-path` input.',
    failures,
  );
}

/** One npm install into a staging directory, moved into place only once the binary answers. */
async function installOnce(plan: InstallPlan, spec: string): Promise<string | undefined> {
  const staging = `${plan.installDir}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await writeFile(join(staging, 'package.json'), '{ "name": "claude-code-tool-cache", "private": true }\n');
  const npm = await runCommand(
    plan.npmCommand ?? 'npm',
    [
      'install',
      '--prefix',
      staging,
      '--no-save',
      '--no-package-lock',
      // The platform package has no scripts; the wrapper's postinstall is what we avoid needing.
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      spec,
    ],
    {
      env: { ...plan.env, npm_config_update_notifier: 'false' },
      cwd: staging,
      timeoutMs: plan.installTimeoutMs ?? 600_000,
    },
  );
  try {
    if (npm.startError) return `npm could not be started (${npm.startError}); is Node.js with npm on PATH?`;
    if (npm.timedOut) return 'npm install timed out';
    if (npm.code !== 0) return `npm install exited with ${npm.code}: ${lastLines(npm.stderr || npm.stdout)}`;
    const binary = join(
      staging,
      'node_modules',
      ...plan.platform.packageName.split('/'),
      plan.platform.binaryName,
    );
    if (!(await exists(binary))) return `npm finished but ${binary} is missing`;
    if (process.platform !== 'win32') await chmod(binary, 0o755);
    const found = await probeVersion(binary, plan.env);
    if (!found.ok) return `the installed binary does not run: ${found.error}`;
    if (found.version !== plan.version)
      return `the installed binary says version ${found.version}, not ${plan.version}`;
    await rm(plan.installDir, { recursive: true, force: true });
    await rename(staging, plan.installDir);
    await writeFile(plan.marker, `${plan.version}\n`);
    return undefined;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

type VersionProbe = { ok: true; version: string } | { ok: false; error: string };

async function probeVersion(binary: string, env: NodeJS.ProcessEnv): Promise<VersionProbe> {
  const result = await runCommand(binary, ['--version'], {
    env: buildClaudeEnv(env, {}),
    timeoutMs: VERSION_TIMEOUT_MS,
  });
  if (result.startError) return { ok: false, error: result.startError };
  if (result.timedOut) return { ok: false, error: '`--version` did not answer within 30s' };
  if (result.code !== 0)
    return { ok: false, error: `\`--version\` exited with ${result.code}: ${lastLines(result.stderr)}` };
  const version = parseClaudeVersion(result.stdout);
  return version
    ? { ok: true, version }
    : { ok: false, error: `unreadable version "${result.stdout.trim()}"` };
}

function candidatesOnPath(pathValue: string): string[] {
  const names = process.platform === 'win32' ? ['claude.exe', 'claude.cmd'] : ['claude'];
  return pathValue
    .split(delimiter)
    .filter((dir) => dir !== '')
    .flatMap((dir) => names.map((name) => join(dir, name)));
}

/** Whether `path` exists and this process may run it. */
export async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-5).join(' | ').slice(0, 1000);
}

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildClaudeEnv, resolveClaudeBinary } from '../../../src/claude/index.js';
import { consoleLogger } from '../../../src/util/logger.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Where tests keep the installed CLI, reused between runs (CI caches node_modules/.cache). */
export const TEST_CLAUDE_CACHE = join(REPO_ROOT, 'node_modules', '.cache', 'codegen-action', 'claude');

/** The Anthropic key tests hand the CLI; the only secret a child environment may hold. */
export const TEST_ANTHROPIC_KEY = 'sk-ant-standin-test-key';

/** A generous hook timeout for the first install on a fresh machine (a ~190 MB download). */
export const CLAUDE_INSTALL_TIMEOUT_MS = 10 * 60_000;

let installing: Promise<string> | undefined;

/**
 * The pinned CLI, installed through the product's own installer into the test cache (never taken
 * from PATH), once per test process; parallel workers share the cache through its lock.
 */
export function installClaudeForTests(): Promise<string> {
  installing ??= resolveClaudeBinary({
    toolCacheDir: TEST_CLAUDE_CACHE,
    searchPath: false,
    logger: consoleLogger,
  }).then((resolved) => resolved.path);
  return installing;
}

/** A fresh HOME for one CLI run (sessions, settings), so tests never share or touch a real one. */
export function makeClaudeHome(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'claude-home-'));
}

/** The child environment for a test run against a stand-in, built by the product's allow-list. */
export function claudeTestEnv(
  standInUrl: string,
  home: string,
  extra: NodeJS.ProcessEnv = {},
): Record<string, string> {
  return buildClaudeEnv(
    {
      PATH: process.env.PATH,
      HOME: home,
      ANTHROPIC_BASE_URL: standInUrl,
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      ...extra,
    },
    { anthropicApiKey: TEST_ANTHROPIC_KEY },
  );
}

import { isAbsolute, normalize } from 'node:path';

/** Host directories that must never be a hidden (tmpfs) mount: the system itself. */
const SYSTEM = new Set([
  '/',
  '/usr',
  '/bin',
  '/sbin',
  '/lib',
  '/lib64',
  '/lib32',
  '/etc',
  '/opt',
  '/home',
  '/var',
]);

/**
 * The action's own directories, which a sandbox must not see: its HOME (gitconfig, runner
 * credentials), the runner's temp and work dirs (the checkout with its persisted token, file
 * commands), plus `extra` (the workspace, the parent of the action's git dirs).
 */
export function actionDirectories(env: NodeJS.ProcessEnv, extra: readonly string[] = []): string[] {
  const candidates = [env.HOME, env.RUNNER_TEMP, env.GITHUB_WORKSPACE, env.RUNNER_WORKSPACE, ...extra];
  const dirs = new Set<string>();
  for (const dir of candidates) {
    if (!dir || !isAbsolute(dir)) continue;
    const clean = normalize(dir).replace(/\/+$/, '') || '/';
    if (!SYSTEM.has(clean)) dirs.add(clean);
  }
  return [...dirs];
}

/** Where a program bound out of a hidden directory appears inside the sandbox. */
export const SANDBOX_BIN_DIR = '/run/cyrus-sandbox/bin';

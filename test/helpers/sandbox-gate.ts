import { missingSandboxTools, SANDBOX_INSTALL_COMMAND } from './sandbox-tools.js';

/**
 * Why the sandbox tests cannot run here, or undefined when they can. Missing on a developer's
 * machine is a skip with the install command; missing where `CI=true` is a failure, so CI never
 * skips the attack tests (as the browser helper does for Chromium).
 */
export function sandboxMissing(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const missing = missingSandboxTools(env);
  if (missing.length === 0) return undefined;
  const notice = `${missing.join(' and ')} not found on PATH: the sandbox tests need it; install with \`${SANDBOX_INSTALL_COMMAND}\``;
  if (env.CI === 'true') throw new Error(`${notice} (CI=true: these tests may not be skipped)`);
  console.warn(`skipped: ${notice}`);
  return notice;
}

/** Evaluated once per test file: `describe.skipIf(NO_SANDBOX)` on every block that needs it. */
export const NO_SANDBOX = sandboxMissing() !== undefined;

import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { Sandbox } from '../../src/sandbox/index.js';

/** The one command that gives a Debian or Ubuntu machine the sandbox (setpriv comes with util-linux). */
export const SANDBOX_INSTALL_COMMAND = 'sudo apt-get install -y bubblewrap';

function onPath(name: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Why the sandbox tests cannot run here, or undefined when they can. Missing on a developer's
 * machine is a skip with the install command; missing where `CI=true` is a failure, so CI never
 * skips the attack tests (as the browser helper does for Chromium).
 */
export function sandboxMissing(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const missing = ['bwrap', 'setpriv'].filter((name) => !onPath(name, env));
  if (missing.length === 0) return undefined;
  const notice = `${missing.join(' and ')} not found on PATH: the sandbox tests need it; install with \`${SANDBOX_INSTALL_COMMAND}\``;
  if (env.CI === 'true') throw new Error(`${notice} (CI=true: these tests may not be skipped)`);
  console.warn(`skipped: ${notice}`);
  return notice;
}

/** Evaluated once per test file: `describe.skipIf(NO_SANDBOX)` on every block that needs it. */
export const NO_SANDBOX = sandboxMissing() !== undefined;

let ready: Promise<Sandbox> | undefined;

/** The product's sandbox on this machine (bubblewrap + setpriv; .ci/run installs bubblewrap), once per test process. */
export function testSandbox(): Promise<Sandbox> {
  ready ??= Sandbox.prepare();
  return ready;
}

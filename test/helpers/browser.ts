import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** The one command that makes the browser tests run on a Debian or Ubuntu machine. */
export const CHROMIUM_INSTALL_COMMAND = 'apt-get update && apt-get install -y chromium';

/** Where Chromium or Chrome usually is, after `$CHROME_PATH`; names are also looked up on PATH. */
const USUAL_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];
const USUAL_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

export interface BrowserSearch {
  env: NodeJS.ProcessEnv;
  isExecutable: (file: string) => boolean;
}

export function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export type BrowserVerdict =
  | { kind: 'found'; path: string }
  /** Not here: the browser tests are skipped with this notice. */
  | { kind: 'skip'; notice: string }
  /** Not here in CI, or CHROME_PATH names nothing: the browser tests fail with this message. */
  | { kind: 'fail'; message: string };

/**
 * Finds a headless-capable browser. `CHROME_PATH`, when set, is the only candidate (a wrong path is
 * a mistake to report, not something to work around); otherwise the usual install locations and
 * PATH. Missing on a developer's machine is a skip with the install command; missing where
 * `CI=true` is a failure, so CI never skips the pictures.
 */
export function findBrowser(
  search: BrowserSearch = { env: process.env, isExecutable: isExecutableFile },
): BrowserVerdict {
  const { env, isExecutable } = search;
  const explicit = env.CHROME_PATH?.trim();
  if (explicit) {
    return isExecutable(explicit)
      ? { kind: 'found', path: explicit }
      : {
          kind: 'fail',
          message: `CHROME_PATH=${explicit} is not an executable file: fix it, or unset it to search the usual places.`,
        };
  }
  const onPath = (env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .flatMap((dir) => USUAL_NAMES.map((name) => path.join(dir, name)));
  const found = [...USUAL_PATHS, ...onPath].find((file) => isExecutable(file));
  if (found) return { kind: 'found', path: found };
  const missing = `no Chromium found (CHROME_PATH, ${USUAL_PATHS[0]}, or chromium/google-chrome on PATH); install it with: ${CHROMIUM_INSTALL_COMMAND}`;
  return env.CI === 'true'
    ? { kind: 'fail', message: `${missing} (CI=true: the browser tests must run here; .ci/run installs it)` }
    : { kind: 'skip', notice: `skipped: ${missing}` };
}

/** The browser, or a skip with the notice (printed once), or a thrown failure, for a test's context. */
export function browserOrSkip(context: { skip: (condition: boolean, note?: string) => void }): string {
  const verdict = findBrowser();
  if (verdict.kind === 'found') return verdict.path;
  if (verdict.kind === 'fail') throw new Error(verdict.message);
  noticeOnce(verdict.notice);
  context.skip(true, verdict.notice);
  throw new Error('unreachable: context.skip throws');
}

let noticed = false;
function noticeOnce(notice: string): void {
  if (noticed) return;
  noticed = true;
  process.stderr.write(`\n[browser tests] ${notice}\n`);
}

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_INSTALL_COMMAND, findBrowser } from './browser.js';

const only =
  (...files: string[]) =>
  (file: string) =>
    files.includes(file);

describe('findBrowser: where the browser tests look for Chromium', () => {
  it('CHROME_PATH wins over the usual places', () => {
    const verdict = findBrowser({
      env: { CHROME_PATH: '/opt/chrome/chrome', PATH: '/usr/bin' },
      isExecutable: only('/opt/chrome/chrome', '/usr/bin/chromium'),
    });
    expect(verdict).toEqual({ kind: 'found', path: '/opt/chrome/chrome' });
  });

  it('a CHROME_PATH that names nothing is a failure that says so, even outside CI', () => {
    const verdict = findBrowser({
      env: { CHROME_PATH: '/nowhere/chrome' },
      isExecutable: only('/usr/bin/chromium'),
    });
    expect(verdict.kind).toBe('fail');
    expect(verdict.kind === 'fail' && verdict.message).toContain(
      'CHROME_PATH=/nowhere/chrome is not an executable',
    );
  });

  it("Debian's package, or a chrome on PATH", () => {
    expect(findBrowser({ env: {}, isExecutable: only('/usr/bin/chromium') })).toEqual({
      kind: 'found',
      path: '/usr/bin/chromium',
    });
    const local = path.join('/home/me/bin', 'google-chrome');
    expect(
      findBrowser({
        env: { PATH: `/usr/local/bin${path.delimiter}/home/me/bin` },
        isExecutable: only(local),
      }),
    ).toEqual({
      kind: 'found',
      path: local,
    });
  });

  it('none on a developer machine: a skip whose notice is the one install command', () => {
    const verdict = findBrowser({ env: { PATH: '/usr/bin' }, isExecutable: () => false });
    expect(verdict.kind).toBe('skip');
    expect(verdict.kind === 'skip' && verdict.notice).toContain(
      `install it with: ${CHROMIUM_INSTALL_COMMAND}`,
    );
  });

  it('none where CI=true: a failure, so CI never skips the pictures', () => {
    const verdict = findBrowser({ env: { CI: 'true', PATH: '/usr/bin' }, isExecutable: () => false });
    expect(verdict.kind).toBe('fail');
    expect(verdict.kind === 'fail' && verdict.message).toContain(CHROMIUM_INSTALL_COMMAND);
    expect(verdict.kind === 'fail' && verdict.message).toContain('CI=true');
  });
});

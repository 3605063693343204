import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../util/clock.js';

/**
 * A directory lock across processes (parallel test workers, two jobs on one self-hosted runner).
 * A lock is taken over when its holder, on this host, is no longer running, or when it is older
 * than `staleMs` (a holder on another host sharing the directory).
 */
export async function withDirectoryLock<T>(
  lockDir: string,
  options: { clock: Clock; waitMs: number; staleMs: number; pollMs?: number },
  fn: () => Promise<T>,
): Promise<T> {
  const giveUpAt = options.clock.now() + options.waitMs;
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(join(lockDir, 'owner'), `${hostname()} ${process.pid} ${Date.now()}\n`);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await isStale(lockDir, options.staleMs)) {
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      if (options.clock.now() >= giveUpAt) {
        throw new Error(`timed out waiting for the lock ${lockDir}; if no install is running, delete it`);
      }
      await options.clock.sleep(options.pollMs ?? 500);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

/**
 * The lock's age is measured on one clock: the time its holder wrote beside its pid, against ours
 * (a directory's mtime is the file system's clock, which a shifted process clock does not share).
 */
async function isStale(lockDir: string, staleMs: number): Promise<boolean> {
  let owner: string;
  try {
    owner = await readFile(join(lockDir, 'owner'), 'utf8');
  } catch {
    // A fresh lock may not have its owner file yet: held, unless the directory is long abandoned.
    return stat(lockDir).then(
      (s) => Date.now() - s.mtimeMs > staleMs,
      () => false,
    );
  }
  const [host, pid, since] = owner.trim().split(' ');
  if (since !== undefined && Date.now() - Number(since) > staleMs) return true;
  return host === hostname() && pid !== undefined && !isRunning(Number(pid));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

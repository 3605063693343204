import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Clock, systemClock } from '../util/clock.js';
import type { LedgerStore, VersionedDocument, WriteResult } from './store.js';

const LOCK_STALE_MS = 30_000;
const LOCK_WAIT_MS = 20_000;

function hash(content: string): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

/**
 * The ledger in a local directory, for the CLI outside Actions. Safe across processes: each write
 * takes an exclusive lock file, compares the version and renames a temporary file into place.
 */
export class LocalDirectoryStore implements LedgerStore {
  readonly description: string;

  constructor(
    private readonly root: string,
    private readonly clock: Clock = systemClock,
  ) {
    this.description = `dir:${root}`;
  }

  async read(file: string): Promise<VersionedDocument | null> {
    try {
      const content = await readFile(this.resolve(file), 'utf8');
      return { content, version: hash(content) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async write(file: string, content: string, expectedVersion: string | null): Promise<WriteResult> {
    const target = this.resolve(file);
    await mkdir(path.dirname(target), { recursive: true });
    const release = await this.lock(`${target}.lock`);
    try {
      const current = await this.read(file);
      if ((current?.version ?? null) !== expectedVersion) return { ok: false, reason: 'conflict' };
      const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temporary, content);
      await rename(temporary, target);
      return { ok: true, version: hash(content) };
    } finally {
      await release();
    }
  }

  async list(folder: string): Promise<string[]> {
    try {
      const names = await readdir(this.resolve(folder));
      return names
        .filter((n) => n.endsWith('.json'))
        .map((n) => `${folder}/${n}`)
        .sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  private resolve(file: string): string {
    const resolved = path.resolve(this.root, file);
    if (!resolved.startsWith(path.resolve(this.root) + path.sep))
      throw new Error(`ledger path escapes the store: ${file}`);
    return resolved;
  }

  /** An exclusive lock file; a lock older than LOCK_STALE_MS belongs to a dead process and is broken. */
  private async lock(lockPath: string): Promise<() => Promise<void>> {
    const deadline = this.clock.now() + LOCK_WAIT_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        const handle = await open(lockPath, 'wx');
        await handle.writeFile(String(Date.now()));
        await handle.close();
        return () => rm(lockPath, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        // Unreadable means its holder just released it: treated as fresh, and the loop tries again.
        const since = Number(await readFile(lockPath, 'utf8').catch(() => '0'));
        if (since > 0 && Date.now() - since > LOCK_STALE_MS) await rm(lockPath, { force: true });
        if (this.clock.now() > deadline) throw new Error(`timed out waiting for the ledger lock ${lockPath}`);
        await this.clock.sleep(Math.min(50, 2 + attempt * 3));
      }
    }
  }
}

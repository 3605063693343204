import { lstat, readdir, readlink, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export class UnsafeTreeError extends Error {
  override name = 'UnsafeTreeError';
}

export interface ImportCheck {
  /** `.git` entries the untrusted code left, removed before the import (never read). */
  removedGitEntries: string[];
}

const MAX_ENTRIES = 200_000;

/**
 * Makes a tree the untrusted code wrote safe to import: every `.git` entry anywhere goes (git
 * metadata from there is never trusted, nor imported as an embedded repository), and a symlink
 * whose target leaves the tree refuses the whole import, naming it (its target is not read).
 */
export async function prepareTreeForImport(root: string): Promise<ImportCheck> {
  const removedGitEntries: string[] = [];
  const escaping: string[] = [];
  const queue = [root];
  let seen = 0;
  while (queue.length > 0) {
    const dir = queue.pop() as string;
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (++seen > MAX_ENTRIES) throw new UnsafeTreeError(`the tree holds more than ${MAX_ENTRIES} entries`);
      const path = join(dir, entry.name);
      const rel = relative(root, path);
      if (entry.name === '.git' || entry.name.toLowerCase() === '.git') {
        await rm(path, { recursive: true, force: true });
        removedGitEntries.push(rel);
        continue;
      }
      const info = await lstat(path);
      if (info.isSymbolicLink()) {
        const target = await readlink(path);
        const landing = isAbsolute(target) ? target : resolve(dirname(path), target);
        const inside = relative(root, landing);
        if (isAbsolute(target) || inside === '..' || inside.startsWith(`..${sep}`)) escaping.push(rel);
      } else if (info.isDirectory()) {
        queue.push(path);
      }
    }
  }
  if (escaping.length > 0) {
    throw new UnsafeTreeError(
      `the agent left symlinks that point outside its directory, which the action does not import: ${escaping.slice(0, 10).join(', ')}`,
    );
  }
  return { removedGitEntries };
}

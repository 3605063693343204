import { lstat, readdir, readlink, realpath, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export class UnsafeTreeError extends Error {
  override name = 'UnsafeTreeError';
}

export interface ImportCheck {
  /** `.git` entries the untrusted code left, removed before the import (never read). */
  removedGitEntries: string[];
}

export interface TreeScan {
  /** `.git` entries anywhere (relative paths); the scan does not go into them. */
  gitEntries: string[];
  /** Symlinks (relative paths) whose target leaves the tree; their targets are never read. */
  escapingSymlinks: string[];
}

const MAX_ENTRIES = 200_000;

const outside = (root: string, landing: string): boolean => {
  const inside = relative(root, landing);
  return isAbsolute(inside) || inside === '..' || inside.startsWith(`..${sep}`);
};

/**
 * The one rule for untrusted trees: a symlink leaves the tree when its target is absolute, when
 * it climbs out by its text, or when, followed through the other symlinks (`a -> ../..`, then
 * `b -> sub/a/..`), it really lands outside. A dangling or looping link is judged by its text
 * (looping: leaves), since nothing can be read through it now.
 */
async function symlinkLeavesTree(root: string, linkPath: string): Promise<boolean> {
  const target = await readlink(linkPath);
  if (isAbsolute(target) || outside(root, resolve(dirname(linkPath), target))) return true;
  try {
    return outside(await realpath(root), await realpath(linkPath));
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ELOOP';
  }
}

/** Walks the tree (not into `.git` entries, not through symlinks) and names what is unsafe. */
export async function scanTree(root: string): Promise<TreeScan> {
  const scan: TreeScan = { gitEntries: [], escapingSymlinks: [] };
  const queue = [root];
  let seen = 0;
  while (queue.length > 0) {
    const dir = queue.pop() as string;
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (++seen > MAX_ENTRIES) throw new UnsafeTreeError(`the tree holds more than ${MAX_ENTRIES} entries`);
      const path = join(dir, entry.name);
      const rel = relative(root, path);
      if (entry.name.toLowerCase() === '.git') {
        scan.gitEntries.push(rel);
        continue;
      }
      const info = await lstat(path);
      if (info.isSymbolicLink()) {
        if (await symlinkLeavesTree(root, path)) scan.escapingSymlinks.push(rel);
      } else if (info.isDirectory()) {
        queue.push(path);
      }
    }
  }
  return scan;
}

/**
 * Makes a tree the untrusted code wrote safe to import: every `.git` entry anywhere goes (git
 * metadata from there is never trusted, nor imported as an embedded repository), and a symlink
 * whose target leaves the tree refuses the whole import, naming it (its target is not read).
 */
export async function prepareTreeForImport(root: string): Promise<ImportCheck> {
  const scan = await scanTree(root);
  for (const rel of scan.gitEntries) await rm(join(root, rel), { recursive: true, force: true });
  if (scan.escapingSymlinks.length > 0) {
    throw new UnsafeTreeError(
      `the agent left symlinks that point outside its directory, which the action does not import: ${scan.escapingSymlinks.slice(0, 10).join(', ')}`,
    );
  }
  return { removedGitEntries: scan.gitEntries };
}

/**
 * Removes every symlink that leaves the tree (same rule as the import), so nothing reading the
 * tree, a reviewer's Read or a command, follows one to a host file. Returns their paths.
 */
export async function dropEscapingSymlinks(root: string): Promise<string[]> {
  const { escapingSymlinks } = await scanTree(root);
  for (const rel of escapingSymlinks) await rm(join(root, rel), { force: true });
  return escapingSymlinks;
}

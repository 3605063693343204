import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  dropEscapingSymlinks,
  prepareTreeForImport,
  scanTree,
  UnsafeTreeError,
} from '../../src/git/index.js';
import { tempDirs } from './helpers/repos.js';

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

/**
 * A tree at base/outer/tree with a secret at base/secret, and every way a link can point:
 * absolute, climbing by its text, and climbing through another link while its text stays inside
 * (`sub/deep/up -> ../..` lands on the tree itself; `chain -> sub/deep/up/../../secret` then
 * reads as `tree/sub/secret` but resolves to base/secret).
 */
function hostileTree(): { tree: string; secret: string } {
  const base = dirs.make('tree-base');
  const secret = join(base, 'secret');
  writeFileSync(secret, 'HOST_SECRET\n');
  const tree = join(base, 'outer', 'tree');
  mkdirSync(join(tree, 'sub', 'deep'), { recursive: true });
  writeFileSync(join(tree, 'sub', 'file.txt'), 'in the tree\n');
  symlinkSync(secret, join(tree, 'absolute'));
  symlinkSync('../../secret', join(tree, 'climbs'));
  symlinkSync('../..', join(tree, 'sub', 'deep', 'up'));
  symlinkSync('sub/deep/up/../../secret', join(tree, 'chain'));
  symlinkSync('loop-b', join(tree, 'loop-a'));
  symlinkSync('loop-a', join(tree, 'loop-b'));
  symlinkSync('sub/file.txt', join(tree, 'inside'));
  symlinkSync('sub/missing.txt', join(tree, 'dangling-inside'));
  return { tree, secret };
}

describe('symlinks that leave an untrusted tree (one rule for the import and the PR checkout)', () => {
  it('names absolute, climbing, chained and looping links; keeps links that stay inside (one to the tree itself too)', async () => {
    const { tree } = hostileTree();
    const chainTarget = readFileSync(join(tree, 'chain'), 'utf8');
    expect(chainTarget).toBe('HOST_SECRET\n'); // the chain really reaches the host file
    const scan = await scanTree(tree);
    expect(scan.escapingSymlinks.sort()).toEqual(['absolute', 'chain', 'climbs', 'loop-a', 'loop-b']);
  });

  it('the PR checkout drops exactly those links and keeps the rest readable', async () => {
    const { tree, secret } = hostileTree();
    const dropped = await dropEscapingSymlinks(tree);
    expect(dropped.sort()).toEqual(['absolute', 'chain', 'climbs', 'loop-a', 'loop-b']);
    for (const path of dropped) expect(existsSync(join(tree, path)) || isLink(join(tree, path))).toBe(false);
    expect(readFileSync(join(tree, 'inside'), 'utf8')).toBe('in the tree\n');
    expect(isLink(join(tree, 'dangling-inside'))).toBe(true);
    expect(readFileSync(secret, 'utf8')).toBe('HOST_SECRET\n'); // the target itself is untouched
  });

  it('the import refuses a tree whose link leaves it only through another link', async () => {
    const { tree } = hostileTree();
    for (const name of ['absolute', 'climbs', 'loop-a', 'loop-b']) rmSync(join(tree, name));
    await expect(prepareTreeForImport(tree)).rejects.toThrow(UnsafeTreeError);
    await expect(prepareTreeForImport(tree)).rejects.toThrow(/: chain$/);
  });
});

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

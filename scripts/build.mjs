// Bundles the action into dist/ with @vercel/ncc: minified, with a licenses file.
// Deterministic: the same sources and lockfile give the same bytes (check-dist relies on it).
// `node scripts/build.mjs OUT_DIR` builds elsewhere (check-dist builds into a temporary folder).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';

const outRoot = process.argv[2] ?? 'dist';
const entries = [{ source: 'src/index.ts', out: '.' }];

rmSync(outRoot, { recursive: true, force: true });
for (const entry of entries) {
  execFileSync(
    process.execPath,
    [
      'node_modules/@vercel/ncc/dist/ncc/cli.js',
      'build',
      entry.source,
      '-o',
      path.join(outRoot, entry.out),
      '--minify',
      '--license',
      'licenses.txt',
      '--target',
      'es2022',
      '--quiet',
    ],
    { stdio: 'inherit' },
  );
}

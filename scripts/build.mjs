// Bundles the action into dist/ with @vercel/ncc, then finishes what ncc leaves undone when the
// bundle is split (the Linear SDK loads on demand): chunks are minified with esbuild, and the
// licenses file is written from the lockfile's production dependencies (ncc's covers one chunk).
// Deterministic: the same sources and lockfile give the same bytes (check-dist relies on it).
// `node scripts/build.mjs OUT_DIR` builds elsewhere (check-dist builds into a temporary folder);
// `node scripts/build.mjs OUT_DIR cli` builds only the named entries (the CLI tests build just `cli`).
// Two bundles: the action (dist/index.js, kept small for a fast start) and the `cyrus` CLI (dist/cli/).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { transformSync } from 'esbuild';
import { buildReport } from './build-report.mjs';

const started = Date.now();

const outRoot = process.argv[2] ?? 'dist';
const allEntries = [
  { name: 'action', source: 'src/index.ts', out: '.' },
  // ncc keeps the entry's `#!/usr/bin/env node` line, so dist/cli/index.js runs as the package `bin`.
  { name: 'cli', source: 'src/cli/index.ts', out: 'cli' },
];
const only = process.argv.slice(3);
const unknown = only.filter((name) => !allEntries.some((e) => e.name === name));
if (unknown.length > 0) {
  console.error(
    `unknown entries: ${unknown.join(', ')} (known: ${allEntries.map((e) => e.name).join(', ')})`,
  );
  process.exit(2);
}
const entries = only.length > 0 ? allEntries.filter((e) => only.includes(e.name)) : allEntries;

rmSync(outRoot, { recursive: true, force: true });
for (const entry of entries) {
  const out = path.join(outRoot, entry.out);
  execFileSync(
    process.execPath,
    [
      'node_modules/@vercel/ncc/dist/ncc/cli.js',
      'build',
      entry.source,
      '-o',
      out,
      '--minify',
      '--target',
      'es2022',
      '--quiet',
    ],
    { stdio: 'inherit' },
  );
  for (const file of readdirSync(out)) {
    if (!file.endsWith('.js') || file === 'index.js') continue;
    const chunk = path.join(out, file);
    const { code } = transformSync(readFileSync(chunk, 'utf8'), {
      minify: true,
      format: 'esm',
      target: 'es2022',
      legalComments: 'none',
    });
    writeFileSync(chunk, code);
  }
}
writeFileSync(path.join(outRoot, 'licenses.txt'), licenses());
const written = readdirSync(outRoot, { recursive: true })
  .map(String)
  .filter((file) => statSync(path.join(outRoot, file)).isFile())
  .map((file) => ({ file: file.split(path.sep).join('/'), size: statSync(path.join(outRoot, file)).size }));
console.log(buildReport(outRoot, written, Date.now() - started).join('\n'));

/** Every production dependency's name, license and license text, sorted by name. */
function licenses() {
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
  const names = Object.entries(lock.packages)
    .filter(([key, meta]) => key.startsWith('node_modules/') && !meta.dev)
    .map(([key]) => key.slice('node_modules/'.length).replace(/^.*node_modules\//, ''))
    .sort();
  const sections = [];
  for (const name of [...new Set(names)]) {
    const dir = path.join('node_modules', name);
    if (!existsSync(path.join(dir, 'package.json'))) continue;
    const meta = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = file ? readFileSync(path.join(dir, file), 'utf8').trim() : '';
    sections.push(`${name}\n${meta.license ?? 'UNKNOWN'}\n${text}`);
  }
  return `${sections.join('\n\n')}\n`;
}

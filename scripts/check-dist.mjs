// Rebuilds the bundle into a temporary folder and fails if it differs from the committed dist/.
// Users run dist/index.js, so a dist/ that does not match src/ ships code nobody reviewed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const fresh = path.join(mkdtempSync(path.join(os.tmpdir(), 'check-dist-')), 'dist');
execFileSync(process.execPath, ['scripts/build.mjs', fresh], { stdio: 'inherit' });

const list = (dir) =>
  readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => statSync(path.join(dir, f)).isFile())
    .sort();

const committed = list('dist');
const rebuilt = list(fresh);
const problems = [];
for (const file of new Set([...committed, ...rebuilt])) {
  if (!committed.includes(file)) problems.push(`dist/${file} is missing (the build produces it)`);
  else if (!rebuilt.includes(file)) problems.push(`dist/${file} is not produced by the build any more`);
  else if (!readFileSync(path.join('dist', file)).equals(readFileSync(path.join(fresh, file)))) {
    problems.push(`dist/${file} differs from a fresh build`);
  }
}
if (problems.length > 0) {
  console.error(
    `dist/ is stale:\n${problems.map((p) => `  - ${p}`).join('\n')}\nRun \`npm run build\` and commit dist/.`,
  );
  process.exit(1);
}
console.log(`dist/ matches a fresh build (${committed.length} files).`);

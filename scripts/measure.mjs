// Measures what issue #2 promises: start-up to the first line of work, and bundle size.
// Start-up is the median of several spawns of the built action on a real (skipped) push event.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const RUNS = Number(process.env.MEASURE_RUNS ?? 15);
const dir = mkdtempSync(path.join(os.tmpdir(), 'measure-'));
const event = path.join(dir, 'event.json');
writeFileSync(event, JSON.stringify({ ref: 'refs/heads/main' }));
writeFileSync(path.join(dir, 'out'), '');
writeFileSync(path.join(dir, 'summary'), '');

function startupMs() {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['dist/index.js'], {
      env: {
        PATH: process.env.PATH,
        GITHUB_EVENT_NAME: 'push',
        GITHUB_EVENT_PATH: event,
        GITHUB_REPOSITORY: 'acme/web',
        GITHUB_WORKSPACE: dir,
        GITHUB_OUTPUT: path.join(dir, 'out'),
        GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
        'INPUT_GITHUB-TOKEN': 'ghs_measure',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let first;
    child.stdout.on('data', (chunk) => {
      // The first line after the mask command is the first line of work ("Config: ...").
      if (
        first === undefined &&
        chunk
          .toString()
          .split('\n')
          .some((l) => l && !l.startsWith('::add-mask::'))
      ) {
        first = Number(process.hrtime.bigint() - started) / 1e6;
      }
    });
    child.on('close', (code) =>
      code === 0 && first !== undefined ? resolve(first) : reject(new Error(`exit ${code}`)),
    );
  });
}

const samples = [];
for (let i = 0; i < RUNS; i++) samples.push(await startupMs());
samples.sort((a, b) => a - b);
const median = samples[Math.floor(samples.length / 2)];
// Everything that ships: the entry and the chunks it loads on demand (the Linear SDK).
const bundleBytes = readdirSync('dist')
  .filter((f) => f.endsWith('.js'))
  .reduce((sum, f) => sum + statSync(`dist/${f}`).size, 0);
const result = {
  startup_ms_median: Math.round(median),
  startup_ms_max: Math.round(samples.at(-1)),
  runs: RUNS,
  bundle_bytes: bundleBytes,
  entry_bytes: statSync('dist/index.js').size,
  node: process.version,
};
console.log(JSON.stringify(result));
const over = [];
if (median > 300) over.push(`start-up ${Math.round(median)} ms is over 300 ms`);
if (bundleBytes > 3 * 1024 * 1024) over.push(`bundle ${bundleBytes} bytes is over 3 MB`);
if (over.length > 0) {
  console.error(over.join('; '));
  process.exit(1);
}

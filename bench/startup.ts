import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface StartupMeasurement {
  startupMs: number | null;
  bundleBytes: number | null;
  note?: string;
}

/**
 * Start-up time and bundle size of dist/index.js, measured by scripts/measure.mjs (the median
 * of several spawns of the built action). Its own verdict (exit code) is not this benchmark's.
 */
export function measureStartup(runs = 15): Promise<StartupMeasurement> {
  if (!existsSync('dist/index.js'))
    return Promise.resolve({
      startupMs: null,
      bundleBytes: null,
      note: 'dist/index.js is missing (npm run build)',
    });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/measure.mjs'], {
      env: { ...process.env, MEASURE_RUNS: String(runs) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('close', (code) => {
      const line = out
        .trim()
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('{'));
      try {
        const parsed = JSON.parse(line ?? '') as { startup_ms_median?: number; bundle_bytes?: number };
        resolve({
          startupMs: parsed.startup_ms_median ?? null,
          bundleBytes: parsed.bundle_bytes ?? null,
          note: code === 0 ? undefined : err.trim() || `scripts/measure.mjs exited ${code}`,
        });
      } catch {
        resolve({
          startupMs: null,
          bundleBytes: null,
          note: err.trim() || `scripts/measure.mjs exited ${code}`,
        });
      }
    });
  });
}

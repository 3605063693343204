import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Git } from './runner.js';

export interface ConfigEntry {
  key: string;
  value: string;
}

/** Every entry of one config file as written there (includes not followed), in file order. */
export async function readConfigFile(
  git: Git,
  file: string,
  cwd: string,
  timeoutMs?: number,
): Promise<ConfigEntry[]> {
  const { stdout } = await git.run(['config', '--file', file, '--null', '--list'], {
    cwd,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  const entries: ConfigEntry[] = [];
  for (const record of stdout.split('\0')) {
    if (record === '') continue;
    const newline = record.indexOf('\n');
    // A key without "=" in the file (boolean true) comes back without a newline.
    entries.push(
      newline === -1
        ? { key: record, value: '' }
        : { key: record.slice(0, newline), value: record.slice(newline + 1) },
    );
  }
  return entries;
}

/** The file an `include.path` / `includeIf.<cond>.path` entry names, resolved as git resolves it. */
function includedFile(entry: ConfigEntry, fromFile: string): string | null {
  const key = entry.key.toLowerCase();
  const isInclude = key === 'include.path' || (key.startsWith('includeif.') && key.endsWith('.path'));
  if (!isInclude || entry.value === '') return null;
  const raw = entry.value.startsWith('~/') ? join(homedir(), entry.value.slice(2)) : entry.value;
  return isAbsolute(raw) ? raw : resolve(dirname(fromFile), raw);
}

/**
 * The repository's own config files: the shared `config`, every worktree's `config.worktree`,
 * and whatever they include (actions/checkout v6 keeps the token in an included file under RUNNER_TEMP).
 */
export async function repositoryConfigFiles(
  git: Git,
  commonDir: string,
  timeoutMs?: number,
): Promise<string[]> {
  const queue = [join(commonDir, 'config'), join(commonDir, 'config.worktree')];
  const worktreesDir = join(commonDir, 'worktrees');
  if (existsSync(worktreesDir)) {
    for (const name of readdirSync(worktreesDir)) queue.push(join(worktreesDir, name, 'config.worktree'));
  }
  const seen = new Set<string>();
  const files: string[] = [];
  while (queue.length > 0 && seen.size < 64) {
    const file = queue.shift();
    if (file === undefined || seen.has(file)) continue;
    seen.add(file);
    if (!existsSync(file)) continue;
    files.push(file);
    for (const entry of await readConfigFile(git, file, commonDir, timeoutMs)) {
      const included = includedFile(entry, file);
      if (included) queue.push(included);
    }
  }
  return files;
}

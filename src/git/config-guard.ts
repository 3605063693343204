import { existsSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import type { Logger } from '../util/logger.js';
import { repositoryLock } from './lock.js';

/** commonDir → file → content as it was right after the credentials came out, before any agent ran. */
const trusted = new Map<string, Map<string, string>>();

/**
 * Records the repository's config files as they are now: the state the action trusts. Only the
 * first record per repository counts; later ones may already see an agent's edits.
 */
export function rememberTrustedConfig(commonDir: string, files: readonly string[]): void {
  if (trusted.has(commonDir)) return;
  const snapshot = new Map<string, string>();
  for (const file of files) if (existsSync(file)) snapshot.set(file, readFileSync(file, 'utf8'));
  trusted.set(commonDir, snapshot);
}

/**
 * Puts back the config files an agent may have edited (it can write the shared `.git`): an
 * `insteadOf`, `http.proxy`, filter driver or include it added must not steer the action's own
 * commit and push. The action itself writes nothing there after extracting credentials.
 */
export async function restoreTrustedConfig(commonDir: string, logger?: Logger): Promise<string[]> {
  const snapshot = trusted.get(commonDir);
  if (!snapshot) return [];
  return repositoryLock.run(commonDir, async () => {
    const restored: string[] = [];
    for (const [file, content] of snapshot) {
      const now = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
      if (now === content) continue;
      const temp = `${file}.cyrus-restore`;
      await writeFile(temp, content, 'utf8');
      await rename(temp, file);
      restored.push(file);
      logger?.warning(
        `${file} was changed while an agent ran; the action restored it before committing and pushing`,
      );
    }
    return restored;
  });
}

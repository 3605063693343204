import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';

const GUIDANCE_FILES = ['CLAUDE.md', '.claude/CLAUDE.md'];
const MAX_GUIDANCE_CHARS = 20_000;

/** The repository's own instructions for agents (`CLAUDE.md`), when it has them, capped in size. */
export async function readRepositoryGuidance(
  repoDir: string,
): Promise<{ file: string; text: string } | undefined> {
  for (const file of GUIDANCE_FILES) {
    try {
      // A symlink (to /proc/self/environ, say) would put what it points at into the prompt.
      const info = await lstat(join(repoDir, file));
      if (!info.isFile()) continue;
      const text = await readFile(join(repoDir, file), 'utf8');
      if (text.trim() === '') continue;
      const capped =
        text.length > MAX_GUIDANCE_CHARS ? `${text.slice(0, MAX_GUIDANCE_CHARS)}\n[... truncated ...]` : text;
      return { file, text: capped };
    } catch {
      // Not there: try the next place.
    }
  }
  return undefined;
}

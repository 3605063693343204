import { httpStatus } from './http-errors.js';
import type { GitHubClient } from './octokit.js';

/**
 * The names of the regular files in one directory at a ref (the contents API); null when the
 * directory is not there. Subdirectories, symlinks and submodules are left out.
 */
export async function listRefDirectory(
  client: GitHubClient,
  repository: { owner: string; repo: string },
  ref: string,
  path: string,
): Promise<string[] | null> {
  try {
    const { data } = await client.rest.repos.getContent({ ...repository, path, ref });
    if (!Array.isArray(data)) throw new Error(`${path} on ${ref} is not a directory`);
    return data.filter((entry) => entry.type === 'file').map((entry) => entry.name);
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    throw error;
  }
}

import { httpStatus } from './http-errors.js';
import type { GitHubClient } from './octokit.js';

const MAX_BYTES = 256 * 1024;

/**
 * A reader of files at one ref through the contents API: what the base branch holds, whatever
 * the workspace checked out. A missing file is null; a directory, a symlink or a submodule is an
 * error that names the path (never its contents).
 */
export function refFileReader(
  client: GitHubClient,
  repository: { owner: string; repo: string },
  ref: string,
): (path: string) => Promise<string | null> {
  return async (path) => {
    try {
      const { data } = await client.rest.repos.getContent({ ...repository, path, ref });
      if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) {
        throw new Error(`${path} on ${ref} is not a regular file`);
      }
      if (data.size > MAX_BYTES) throw new Error(`${path} on ${ref} is larger than ${MAX_BYTES} bytes`);
      return Buffer.from(data.content, 'base64').toString('utf8');
    } catch (error) {
      if (httpStatus(error) === 404) return null;
      throw error;
    }
  };
}

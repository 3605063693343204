import type { GitHubClient } from './octokit.js';
import { refFileReader } from './ref-file.js';

/** A file of the base branch as its commit holds it: trusted content, whatever a PR or agent wrote. */
export interface BaseBranchFile {
  /** Null when the branch has no such file. */
  text: string | null;
  branch: string;
  sha: string;
}

/**
 * Reads `path` on the repository's default branch at the commit it points to now, through the
 * contents API (never from a checkout, which a PR or an agent may have changed).
 */
export async function readBaseBranchFile(
  client: GitHubClient,
  repository: { owner: string; repo: string },
  path: string,
): Promise<BaseBranchFile> {
  const branch = (await client.rest.repos.get(repository)).data.default_branch;
  const sha = (await client.rest.repos.getBranch({ ...repository, branch })).data.commit.sha;
  return { text: await refFileReader(client, repository, sha)(path), branch, sha };
}

import type { RepositoryRef } from '../domain/index.js';
import type { GitHubClient } from '../github/index.js';
import type { LedgerStore, VersionedDocument, WriteResult } from './store.js';

function status(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number'
    ? error.status
    : undefined;
}

/**
 * The ledger on a branch of the repository, written through the contents API. The file's blob
 * sha is the version: GitHub refuses a PUT whose sha is stale (409) or missing for an existing
 * file (422), which is exactly the compare-and-swap the ledger needs.
 */
export class GitHubBranchStore implements LedgerStore {
  readonly description: string;
  private branchReady: Promise<void> | undefined;

  constructor(
    private readonly client: GitHubClient,
    private readonly repository: RepositoryRef,
    private readonly branch: string,
  ) {
    this.description = `github:${repository.owner}/${repository.repo}@${branch}`;
  }

  async read(path: string): Promise<VersionedDocument | null> {
    try {
      const { data } = await this.client.rest.repos.getContent({
        ...this.repository,
        path,
        ref: this.branch,
      });
      if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) {
        throw new Error(`${this.description}/${path} is not a file`);
      }
      return { content: Buffer.from(data.content, 'base64').toString('utf8'), version: data.sha };
    } catch (error) {
      if (status(error) === 404) return null;
      throw error;
    }
  }

  async write(
    path: string,
    content: string,
    expectedVersion: string | null,
    message: string,
  ): Promise<WriteResult> {
    await this.ensureBranch();
    try {
      const { data } = await this.client.rest.repos.createOrUpdateFileContents({
        ...this.repository,
        path,
        branch: this.branch,
        message,
        content: Buffer.from(content).toString('base64'),
        ...(expectedVersion ? { sha: expectedVersion } : {}),
      });
      const sha = data.content?.sha;
      if (!sha) throw new Error(`GitHub did not return the new sha of ${path}`);
      return { ok: true, version: sha };
    } catch (error) {
      const code = status(error);
      // 409: the sha is stale; 422: the file appeared although we expected to create it.
      if (code === 409 || code === 422) return { ok: false, reason: 'conflict' };
      throw error;
    }
  }

  async list(folder: string): Promise<string[]> {
    try {
      const { data } = await this.client.rest.repos.getContent({
        ...this.repository,
        path: folder,
        ref: this.branch,
      });
      if (!Array.isArray(data)) return [];
      return data
        .filter((e) => e.type === 'file' && e.name.endsWith('.json'))
        .map((e) => `${folder}/${e.name}`)
        .sort();
    } catch (error) {
      if (status(error) === 404) return [];
      throw error;
    }
  }

  /** Creates the state branch from the default branch's head the first time anything is written. */
  private ensureBranch(): Promise<void> {
    this.branchReady ??= (async () => {
      try {
        await this.client.rest.git.getRef({ ...this.repository, ref: `heads/${this.branch}` });
        return;
      } catch (error) {
        if (status(error) !== 404) throw error;
      }
      const { data: repo } = await this.client.rest.repos.get({ ...this.repository });
      const { data: base } = await this.client.rest.git.getRef({
        ...this.repository,
        ref: `heads/${repo.default_branch}`,
      });
      try {
        await this.client.rest.git.createRef({
          ...this.repository,
          ref: `refs/heads/${this.branch}`,
          sha: base.object.sha,
        });
      } catch (error) {
        // Another job created it first: that is fine.
        if (status(error) !== 422) throw error;
      }
    })().catch((error: unknown) => {
      this.branchReady = undefined;
      throw error;
    });
    return this.branchReady;
  }
}

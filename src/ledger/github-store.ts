import type { RepositoryRef } from '../domain/index.js';
import { type GitHubClient, httpStatus } from '../github/index.js';
import type { LedgerStore, VersionedDocument, WriteResult } from './store.js';

interface Known extends VersionedDocument {
  /** ETag of the last 200 GET of this path; absent after our own write (GitHub's ETags are opaque). */
  etag?: string;
}

const ContentFile = (data: unknown): data is { type: string; content: string; sha: string } =>
  typeof data === 'object' &&
  data !== null &&
  !Array.isArray(data) &&
  'type' in data &&
  data.type === 'file' &&
  'content' in data &&
  typeof data.content === 'string' &&
  'sha' in data &&
  typeof data.sha === 'string';

/**
 * The ledger on a branch of the repository, written through the contents API. The file's blob
 * sha is the version: GitHub refuses a PUT whose sha is stale (409) or missing for an existing
 * file (422), which is exactly the compare-and-swap the ledger needs.
 *
 * Request budget (1,000 an hour per repository for GITHUB_TOKEN): every read is conditional on
 * the ETag of the last answer, and a 304 is free; every write's answer carries the new sha, which
 * `known` hands to the next compare-and-swap so it needs no read first.
 */
export class GitHubBranchStore implements LedgerStore {
  readonly description: string;
  private branchReady: Promise<void> | undefined;
  private readonly files = new Map<string, Known>();
  private readonly reading = new Map<string, Promise<VersionedDocument | null>>();
  private readonly listing = new Map<string, Promise<string[]>>();
  private readonly listings = new Map<string, { etag: string; paths: string[] }>();

  constructor(
    private readonly client: GitHubClient,
    private readonly repository: RepositoryRef,
    private readonly branch: string,
  ) {
    this.description = `github:${repository.owner}/${repository.repo}@${branch}`;
  }

  known(path: string): VersionedDocument | undefined {
    const file = this.files.get(path);
    return file ? { content: file.content, version: file.version } : undefined;
  }

  /** Concurrent reads of one path share one request: they would get the same answer. */
  read(path: string): Promise<VersionedDocument | null> {
    const inflight = this.reading.get(path);
    if (inflight) return inflight;
    const read = this.fetch(path).finally(() => this.reading.delete(path));
    this.reading.set(path, read);
    return read;
  }

  private async fetch(path: string): Promise<VersionedDocument | null> {
    const cached = this.files.get(path);
    try {
      const response = await this.client.rest.repos.getContent({
        ...this.repository,
        path,
        ref: this.branch,
        headers: cached?.etag ? { 'if-none-match': cached.etag } : {},
      });
      const data: unknown = response.data;
      if (!ContentFile(data)) throw new Error(`${this.description}/${path} is not a file`);
      const file: Known = {
        content: Buffer.from(data.content, 'base64').toString('utf8'),
        version: data.sha,
        ...(typeof response.headers.etag === 'string' ? { etag: response.headers.etag } : {}),
      };
      this.files.set(path, file);
      return { content: file.content, version: file.version };
    } catch (error) {
      const code = httpStatus(error);
      if (code === 304 && cached) return { content: cached.content, version: cached.version };
      if (code === 404) {
        this.files.delete(path);
        return null;
      }
      throw error;
    }
  }

  async write(
    path: string,
    content: string,
    expectedVersion: string | null,
    message: string,
  ): Promise<WriteResult> {
    // The branch is created on the first write that finds it missing (404), not checked before
    // every job's first write: an existing branch costs no request.
    for (let attempt = 0; ; attempt++) {
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
        this.files.set(path, { content, version: sha });
        return { ok: true, version: sha };
      } catch (error) {
        const code = httpStatus(error);
        // 409: the sha is stale; 422: the file appeared although we expected to create it.
        if (code === 409 || code === 422) {
          this.files.delete(path);
          return { ok: false, reason: 'conflict' };
        }
        if (code === 404 && attempt === 0) {
          await this.ensureBranch();
          continue;
        }
        throw error;
      }
    }
  }

  list(folder: string): Promise<string[]> {
    const key = `${folder}/`;
    const inflight = this.listing.get(key);
    if (inflight) return inflight.then((paths) => [...paths]);
    const listed = this.fetchList(folder).finally(() => this.listing.delete(key));
    this.listing.set(key, listed);
    return listed.then((paths) => [...paths]);
  }

  private async fetchList(folder: string): Promise<string[]> {
    const cached = this.listings.get(folder);
    try {
      const response = await this.client.rest.repos.getContent({
        ...this.repository,
        path: folder,
        ref: this.branch,
        headers: cached ? { 'if-none-match': cached.etag } : {},
      });
      const data: unknown = response.data;
      if (!Array.isArray(data)) return [];
      const paths = (data as { type: string; name: string }[])
        .filter((e) => e.type === 'file' && e.name.endsWith('.json'))
        .map((e) => `${folder}/${e.name}`)
        .sort();
      const etag = response.headers.etag;
      if (typeof etag === 'string') this.listings.set(folder, { etag, paths });
      return paths;
    } catch (error) {
      const code = httpStatus(error);
      if (code === 304 && cached) return [...cached.paths];
      if (code === 404) return [];
      throw error;
    }
  }

  /** Creates the state branch from the default branch's head, when a write found it missing. */
  private ensureBranch(): Promise<void> {
    this.branchReady ??= (async () => {
      try {
        await this.client.rest.git.getRef({ ...this.repository, ref: `heads/${this.branch}` });
        return;
      } catch (error) {
        if (httpStatus(error) !== 404) throw error;
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
        if (httpStatus(error) !== 422) throw error;
      }
    })().catch((error: unknown) => {
      this.branchReady = undefined;
      throw error;
    });
    return this.branchReady;
  }
}

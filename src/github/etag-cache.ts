import { httpStatus } from './http-errors.js';
import type { GitHubClient } from './octokit.js';

interface Entry {
  etag: string;
  data: unknown;
}

/**
 * Answers of conditional GETs by URL, for polling: a request carries the ETag of the last answer
 * in `If-None-Match`, and a 304 (free of rate limit on GitHub) hands back the cached data.
 * Bounded; the least recently used entry goes first. One per token (ETags vary by Authorization).
 */
export class EtagCache {
  private readonly entries = new Map<string, Entry>();
  /** 304 answers served from this cache. */
  notModified = 0;

  constructor(private readonly maxEntries = 256) {}

  get(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

/** GET `route` with `params`, conditionally when an earlier answer is cached. */
export async function conditionalGet(
  client: GitHubClient,
  cache: EtagCache,
  route: string,
  params: Record<string, string | number>,
): Promise<unknown> {
  const key = `${route}?${Object.entries(params)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')}`;
  const cached = cache.get(key);
  try {
    const response = await client.request(`GET ${route}`, {
      ...params,
      headers: cached ? { 'if-none-match': cached.etag } : {},
    });
    const data: unknown = response.data;
    const etag = response.headers.etag;
    if (typeof etag === 'string' && etag !== '') cache.set(key, { etag, data });
    return data;
  } catch (error) {
    // Octokit turns a 304 into an error; it means "what you have is current".
    if (cached && httpStatus(error) === 304) {
      cache.notModified += 1;
      return cached.data;
    }
    throw error;
  }
}

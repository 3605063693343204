import type { GitHubClient } from './octokit.js';

/** What one job spent of GitHub's REST budget, by kind, as the job sent it. */
export interface GitHubRequestCounts {
  /** Requests answered with anything but 304: what the hourly budget (1,000 per repository for GITHUB_TOKEN) counts. */
  rest: number;
  /** Conditional requests answered 304: free. */
  notModified: number;
  /** Of `rest`: reads (GET, HEAD). */
  reads: number;
  /** Of `rest`: commits made through the contents or git-data API (GitHub's content-creation limit). */
  contentWrites: number;
}

interface RequestOptions {
  method: string;
  url: string;
}

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number'
    ? error.status
    : undefined;
}

/** Counts a client's requests through Octokit's request hook, so a job can say what it cost. */
export class GitHubRequestCounter {
  private readonly counts: GitHubRequestCounts = { rest: 0, notModified: 0, reads: 0, contentWrites: 0 };

  attach(client: GitHubClient): this {
    client.hook.after('request', (_response: unknown, options: RequestOptions) => {
      this.record(options, 200);
    });
    client.hook.error('request', (error: unknown, options: RequestOptions) => {
      this.record(options, statusOf(error));
      throw error;
    });
    return this;
  }

  snapshot(): GitHubRequestCounts {
    return { ...this.counts };
  }

  private record(options: RequestOptions, status: number | undefined): void {
    if (status === 304) {
      this.counts.notModified += 1;
      return;
    }
    this.counts.rest += 1;
    const method = options.method.toUpperCase();
    if (method === 'GET' || method === 'HEAD') this.counts.reads += 1;
    const ok = status !== undefined && status >= 200 && status < 300;
    const commit =
      (method === 'PUT' && options.url.includes('/contents/')) ||
      (method === 'POST' && options.url.endsWith('/git/commits'));
    if (ok && commit) this.counts.contentWrites += 1;
  }
}

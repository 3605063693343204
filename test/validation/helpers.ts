import {
  createGitHubClient,
  type GitHubClientOptions,
  OctokitGitHubGateway,
} from '../../src/github/index.js';
import type { Clock } from '../../src/util/clock.js';
import type { GitHubStandIn } from '../standins/github/index.js';

/**
 * A clock whose sleeps return at once, moving time forward, and call `onSleep` with how many
 * sleeps there have been: a test changes CI between two polls without waiting.
 */
export class SteppingClock implements Clock {
  readonly sleeps: number[] = [];
  onSleep: (count: number) => void | Promise<void> = () => {};
  constructor(private t = Date.UTC(2025, 9, 7, 12)) {}
  now(): number {
    return this.t;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.t += Math.max(0, ms);
    await this.onSleep(this.sleeps.length);
    // Let the stand-in and other work run, as a real pause would.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

let clients = 0;

/** The real gateway on its own throttle (writes are spaced 1 s per throttle id). */
export function gatewayFor(
  gh: GitHubStandIn,
  token = 'ghs_test',
  options: Partial<GitHubClientOptions> = {},
): OctokitGitHubGateway {
  clients += 1;
  return new OctokitGitHubGateway(
    createGitHubClient({
      token,
      baseUrl: gh.url,
      timeoutMs: 10_000,
      throttleId: `validation-${clients}`,
      retryBaseMs: 50,
      ...options,
    }),
    { owner: 'acme', repo: 'widgets' },
  );
}

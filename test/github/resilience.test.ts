import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient, OctokitGitHubGateway } from '../../src/github/index.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';

const repository = { owner: 'acme', repo: 'widgets' };

describe('the GitHub client recovers from what GitHub throws at it', () => {
  let gh: GitHubStandIn;
  beforeEach(async () => {
    gh = await startGitHubStandIn();
    gh.state.addRepo(repository);
  });
  afterEach(async () => {
    await gh.close();
  });

  const gatewayFor = (timeoutMs = 5_000) =>
    new OctokitGitHubGateway(
      createGitHubClient({ token: 'ghs_test', baseUrl: gh.url, timeoutMs }),
      repository,
    );

  it.each([403, 429] as const)('waits out a %i secondary rate limit with retry-after', async (status) => {
    const logger = new MemoryLogger();
    const client = createGitHubClient({ token: 'ghs_test', baseUrl: gh.url, logger });
    gh.faults.secondaryRateLimit(1, { status, retryAfterSeconds: 1 });
    expect(await new OctokitGitHubGateway(client, repository).branchExists('main')).toBe(true);
    expect(gh.requests.map((r) => r.status)).toEqual([status, 200]);
    expect(gh.requests[0]?.headers.authorization).toBe('token ghs_test');
  });

  it('gives up after rateLimitRetries secondary limits', async () => {
    const client = createGitHubClient({ token: 'ghs_test', baseUrl: gh.url, rateLimitRetries: 1 });
    gh.faults.secondaryRateLimit(5, { status: 429, retryAfterSeconds: 1 });
    await expect(new OctokitGitHubGateway(client, repository).branchExists('main')).rejects.toMatchObject({
      status: 429,
    });
    expect(gh.requests).toHaveLength(2);
  });

  it('retries a 502', async () => {
    gh.faults.serverError(1, 502);
    expect(await gatewayFor().getCollaboratorPermission('cyrus-bot[bot]')).toBe('write');
    expect(gh.requests.map((r) => r.status)).toEqual([502, 200]);
  });

  it('cuts a request that hangs at the timeout and retries it with a fresh one', async () => {
    gh.faults.hang(1);
    expect(await gatewayFor(500).branchExists('main')).toBe(true);
    expect(gh.requests.map((r) => r.status)).toEqual([0, 200]);
  });

  it('fails, bounded, when every attempt hangs', async () => {
    gh.faults.hang(100);
    const client = createGitHubClient({ token: 'ghs_test', baseUrl: gh.url, timeoutMs: 300 });
    await expect(
      client.request('GET /repos/{owner}/{repo}', { ...repository, request: { retries: 0 } }),
    ).rejects.toThrow(/abort|timeout/i);
  });

  it('tolerates latency below the timeout and cuts latency above it', async () => {
    gh.faults.latencyMs = 50;
    expect(await gatewayFor(5_000).branchExists('main')).toBe(true);
    gh.faults.latencyMs = 2_000;
    const client = createGitHubClient({ token: 'ghs_test', baseUrl: gh.url, timeoutMs: 200 });
    await expect(
      client.request('GET /repos/{owner}/{repo}', { ...repository, request: { retries: 0 } }),
    ).rejects.toThrow(/abort|timeout/i);
  });

  it('answers 401 with GitHub’s error body to a wrong or missing token', async () => {
    const wrong = createGitHubClient({ token: 'nope', baseUrl: gh.url });
    await expect(wrong.rest.repos.get(repository)).rejects.toMatchObject({
      status: 401,
      response: {
        data: {
          message: 'Bad credentials',
          documentation_url: expect.stringContaining('https://docs.github.com'),
        },
      },
    });
    const response = await fetch(`${gh.url}/repos/acme/widgets`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ message: 'Requires authentication' });
  });
});

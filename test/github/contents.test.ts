import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient, type GitHubClient } from '../../src/github/index.js';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';

const repository = { owner: 'acme', repo: 'widgets' };
const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('contents API: compare-and-swap on the blob sha', () => {
  let gh: GitHubStandIn;
  let client: GitHubClient;
  beforeEach(async () => {
    gh = await startGitHubStandIn();
    gh.state.addRepo(repository);
    client = createGitHubClient({ token: 'ghs_test', baseUrl: gh.url, timeoutMs: 5_000 });
  });
  afterEach(async () => {
    await gh.close();
  });

  /** Raw fetch, so the requests reach the server together (Octokit spaces out writes on purpose). */
  const put = (path: string, body: Record<string, unknown>) =>
    fetch(`${gh.url}/repos/acme/widgets/contents/${path}`, {
      method: 'PUT',
      headers: { authorization: 'Bearer ghs_test', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('creates (201), reads back as base64 with the git blob sha, updates (200) with the current sha', async () => {
    const created = await client.rest.repos.createOrUpdateFileContents({
      ...repository,
      path: 'issues/ENG-1.json',
      message: 'ledger: ENG-1',
      content: b64('{"v":1}'),
      branch: 'main',
    });
    expect(created.status).toBe(201);
    // git hash-object of '{"v":1}'
    const sha = created.data.content?.sha;
    expect(sha).toBe(gh.state.file('acme', 'widgets', 'main', 'issues/ENG-1.json')?.sha);

    const read = await client.rest.repos.getContent({
      ...repository,
      path: 'issues/ENG-1.json',
      ref: 'main',
    });
    expect(Array.isArray(read.data)).toBe(false);
    const file = read.data as { content: string; sha: string; encoding: string };
    expect(file.encoding).toBe('base64');
    expect(Buffer.from(file.content, 'base64').toString()).toBe('{"v":1}');
    expect(file.sha).toBe(sha);

    const updated = await client.rest.repos.createOrUpdateFileContents({
      ...repository,
      path: 'issues/ENG-1.json',
      message: 'ledger: ENG-1',
      content: b64('{"v":2}'),
      sha: file.sha,
      branch: 'main',
    });
    expect(updated.status).toBe(200);
    expect(gh.state.file('acme', 'widgets', 'main', 'issues/ENG-1.json')?.content).toBe('{"v":2}');
  });

  it('refuses a stale sha with 409 and a missing sha on an existing file with 422', async () => {
    const first = gh.state.putFile('acme', 'widgets', 'main', 'spend/2026-01-01.json', '{"usd":1}');
    gh.state.putFile('acme', 'widgets', 'main', 'spend/2026-01-01.json', '{"usd":2}');

    const stale = await put('spend/2026-01-01.json', {
      message: 'm',
      content: b64('{"usd":3}'),
      sha: first,
      branch: 'main',
    });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({
      message: expect.stringContaining('does not match'),
      documentation_url: expect.any(String),
    });

    const missing = await put('spend/2026-01-01.json', {
      message: 'm',
      content: b64('{"usd":3}'),
      branch: 'main',
    });
    expect(missing.status).toBe(422);
    expect(await missing.json()).toMatchObject({
      message: expect.stringContaining('"sha" wasn\'t supplied'),
    });
    expect(gh.state.file('acme', 'widgets', 'main', 'spend/2026-01-01.json')?.content).toBe('{"usd":2}');
  });

  it('ignores a sha sent for a path that does not exist (201, as GitHub answers)', async () => {
    const response = await put('new.json', {
      message: 'm',
      content: b64('{}'),
      sha: 'f'.repeat(40),
      branch: 'main',
    });
    expect(response.status).toBe(201);
  });

  it('deletes with the current sha only', async () => {
    const sha = gh.state.putFile('acme', 'widgets', 'main', 'old.json', '{}');
    await expect(
      client.rest.repos.deleteFile({ ...repository, path: 'old.json', message: 'rm', sha: 'f'.repeat(40) }),
    ).rejects.toMatchObject({ status: 409 });
    await client.rest.repos.deleteFile({ ...repository, path: 'old.json', message: 'rm', sha });
    expect(gh.state.file('acme', 'widgets', 'main', 'old.json')).toBeUndefined();
  });

  it('lets exactly one of many concurrent writers with the same sha win', async () => {
    const sha = gh.state.putFile('acme', 'widgets', 'main', 'spend/day.json', '{"usd":0}');
    const writers = Array.from({ length: 8 }, (_, i) =>
      put('spend/day.json', {
        message: `writer ${i}`,
        content: b64(`{"usd":${i + 1}}`),
        sha,
        branch: 'main',
      }),
    );
    const statuses = (await Promise.all(writers)).map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
  });

  it('lets exactly one of many concurrent creators win', async () => {
    const creators = Array.from({ length: 6 }, (_, i) =>
      put('issues/ENG-9.json', { message: 'm', content: b64(`${i}`), branch: 'main' }),
    );
    const statuses = (await Promise.all(creators)).map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 422)).toHaveLength(5);
  });

  it('keeps files per branch: a state branch made from main via the refs API', async () => {
    gh.state.putFile('acme', 'widgets', 'main', 'README.md', 'hello');
    const main = await client.rest.git.getRef({ ...repository, ref: 'heads/main' });
    await client.rest.git.createRef({
      ...repository,
      ref: 'refs/heads/cyrus-state',
      sha: main.data.object.sha,
    });
    await expect(
      client.rest.git.createRef({ ...repository, ref: 'refs/heads/cyrus-state', sha: main.data.object.sha }),
    ).rejects.toMatchObject({
      status: 422,
      response: { data: { message: 'Reference already exists' } },
    });
    await client.rest.repos.createOrUpdateFileContents({
      ...repository,
      path: 'ledger.json',
      message: 'm',
      content: b64('{}'),
      branch: 'cyrus-state',
    });

    expect(gh.state.file('acme', 'widgets', 'cyrus-state', 'README.md')?.content).toBe('hello');
    expect(gh.state.file('acme', 'widgets', 'main', 'ledger.json')).toBeUndefined();
    await expect(
      client.rest.repos.getContent({ ...repository, path: 'ledger.json', ref: 'main' }),
    ).rejects.toMatchObject({ status: 404 });
    const listing = await client.rest.repos.getContent({ ...repository, path: '', ref: 'cyrus-state' });
    expect((listing.data as { name: string }[]).map((e) => e.name)).toEqual(['README.md', 'ledger.json']);
  });

  it('answers 404 for a write to a branch that does not exist', async () => {
    const response = await put('x.json', { message: 'm', content: b64('{}'), branch: 'nope' });
    expect(response.status).toBe(404);
  });

  it('refuses writes from a token whose login has only read permission', async () => {
    gh.state.setPermission('acme', 'widgets', 'cyrus-bot[bot]', 'read');
    const response = await put('x.json', { message: 'm', content: b64('{}'), branch: 'main' });
    expect(response.status).toBe(403);
  });

  it('serves ETags; a matching If-None-Match gets a 304 that is counted and costs no rate limit', async () => {
    const first = await client.rest.repos.get(repository);
    const etag = first.headers.etag;
    expect(etag).toBeTruthy();
    const remaining = Number(first.headers['x-ratelimit-remaining']);
    await expect(
      client.rest.repos.get({ ...repository, headers: { 'if-none-match': etag } }),
    ).rejects.toMatchObject({ status: 304 });
    expect(gh.stats.notModified).toBe(1);
    const third = await client.rest.repos.get(repository);
    expect(Number(third.headers['x-ratelimit-remaining'])).toBe(remaining - 1);
    expect(third.headers['x-github-request-id']).toBeTruthy();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient, isPermissionDenied, OctokitGitHubGateway } from '../../src/github/index.js';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';

const repository = { owner: 'acme', repo: 'widgets' };

describe('OctokitGitHubGateway: check runs, suites and statuses', () => {
  let gh: GitHubStandIn;
  let gateway: OctokitGitHubGateway;
  let sha = '';
  let n = 0;

  beforeEach(async () => {
    gh = await startGitHubStandIn();
    gh.state.addRepo(repository);
    sha = gh.state.addBranch('acme', 'widgets', 'feature');
    n += 1;
    gateway = new OctokitGitHubGateway(
      createGitHubClient({ token: 'ghs_test', baseUrl: gh.url, timeoutMs: 5_000, throttleId: `checks-${n}` }),
      repository,
    );
  });
  afterEach(async () => {
    await gh.close();
  });

  it('creates a check run in progress, completes it, and sees it in its App’s suite', async () => {
    const run = await gateway.createCheckRun({
      name: 'Cyrus validation',
      headSha: sha,
      status: 'in_progress',
      externalId: 'ENG-1/t1',
      output: { title: 'Validating', summary: 'Waiting for CI' },
    });
    expect(run).toMatchObject({
      name: 'Cyrus validation',
      headSha: sha,
      status: 'in_progress',
      conclusion: null,
      app: { slug: 'cyrus-bot' },
      title: 'Validating',
    });
    const done = await gateway.updateCheckRun(run.id, {
      conclusion: 'success',
      output: { title: 'Passed', summary: 'CI green' },
    });
    expect(done).toMatchObject({ status: 'completed', conclusion: 'success', summary: 'CI green' });

    const suites = await gateway.listCheckSuitesForRef(sha);
    expect(suites).toEqual([
      expect.objectContaining({
        app: expect.objectContaining({ slug: 'cyrus-bot' }),
        conclusion: 'success',
        checkRunsCount: 1,
      }),
    ]);
    const created = gh.requests.find((r) => r.method === 'POST' && r.path.endsWith('/check-runs'));
    expect(created?.body).toMatchObject({ name: 'Cyrus validation', head_sha: sha, external_id: 'ENG-1/t1' });
  });

  it('lists the latest run per name with suite and app, by sha or branch, filtered by name', async () => {
    const ci = gh.state.addCheckSuite('acme', 'widgets', sha, {
      checkRuns: [
        { name: 'build', conclusion: 'success' },
        { name: 'test', status: 'in_progress' },
      ],
    });
    gh.state.addCheckRun('acme', 'widgets', ci.id, {
      name: 'build',
      conclusion: 'failure',
      summary: 'rerun broke',
    });
    const runs = await gateway.listCheckRunsForRef(sha);
    expect(runs.map((r) => [r.name, r.status, r.conclusion]).sort()).toEqual([
      ['build', 'completed', 'failure'],
      ['test', 'in_progress', null],
    ]);
    expect(runs[0]?.suiteId).toBe(ci.id);
    expect(runs[0]?.app).toMatchObject({ id: 15368, slug: 'github-actions' });
    expect(await gateway.listCheckRunsForRef('feature', { checkName: 'test' })).toHaveLength(1);
    const suites = await gateway.listCheckSuitesForRef(sha);
    expect(suites).toEqual([
      expect.objectContaining({ id: ci.id, status: 'in_progress', checkRunsCount: 3 }),
    ]);
  });

  it('answers unchanged polling reads from its ETag cache (the stand-in counts the 304s)', async () => {
    gh.state.addCheckSuite('acme', 'widgets', sha, { checkRuns: [{ name: 'test', status: 'in_progress' }] });
    gh.state.addStatus('acme', 'widgets', sha, { context: 'ci/legacy', state: 'pending' });
    const first = await gateway.listCheckRunsForRef(sha);
    await gateway.listCheckSuitesForRef(sha);
    await gateway.getCombinedStatus(sha);
    expect(gh.stats.notModified).toBe(0);

    expect(await gateway.listCheckRunsForRef(sha)).toEqual(first);
    await gateway.listCheckSuitesForRef(sha);
    expect((await gateway.getCombinedStatus(sha)).statuses).toEqual([
      expect.objectContaining({ context: 'ci/legacy', state: 'pending' }),
    ]);
    expect(gh.stats.notModified).toBe(3);
    expect(gateway.etags.notModified).toBe(3);
    const conditional = gh.requests.filter((r) => r.status === 304);
    expect(conditional.every((r) => r.headers['if-none-match']?.startsWith('W/"'))).toBe(true);

    // A change comes through with a 200 and a new ETag.
    gh.state.addStatus('acme', 'widgets', sha, { context: 'ci/legacy', state: 'success' });
    expect((await gateway.getCombinedStatus(sha)).state).toBe('success');
    expect(gh.stats.notModified).toBe(3);
  });

  it('refuses check runs to a fine-grained personal token (403), which can still post a commit status', async () => {
    gh.state.addToken('github_pat_fine', 'alice', { kind: 'fine-grained-pat' });
    gh.state.setPermission('acme', 'widgets', 'alice', 'write');
    const pat = new OctokitGitHubGateway(
      createGitHubClient({ token: 'github_pat_fine', baseUrl: gh.url, throttleId: `pat-${n}` }),
      repository,
    );
    const refused = await pat
      .createCheckRun({ name: 'Cyrus validation', headSha: sha })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({
      status: 403,
      response: { data: { message: 'Resource not accessible by personal access token' } },
    });
    expect(isPermissionDenied(refused)).toBe(true);

    const status = await pat.createCommitStatus({
      sha,
      state: 'pending',
      context: 'Cyrus validation',
      description: 'x'.repeat(200),
      targetUrl: 'https://example.com/run/1',
    });
    expect(status).toMatchObject({ context: 'Cyrus validation', state: 'pending', creator: 'alice' });
    expect(status.description).toHaveLength(140);
    expect(await pat.getCombinedStatus(sha)).toMatchObject({ state: 'pending', sha });
  });

  it('keeps a check run to the App that made it, and a classic token is told to use an App', async () => {
    gh.state.addToken('ghs_other', 'other-app[bot]');
    gh.state.addToken('ghp_classic', 'bob', { kind: 'classic-pat' });
    const run = await gateway.createCheckRun({
      name: 'Cyrus validation',
      headSha: sha,
      status: 'in_progress',
    });
    const other = new OctokitGitHubGateway(
      createGitHubClient({ token: 'ghs_other', baseUrl: gh.url, throttleId: `other-${n}` }),
      repository,
    );
    await expect(other.updateCheckRun(run.id, { conclusion: 'failure' })).rejects.toMatchObject({
      status: 403,
    });
    const classic = new OctokitGitHubGateway(
      createGitHubClient({ token: 'ghp_classic', baseUrl: gh.url, throttleId: `classic-${n}` }),
      repository,
    );
    await expect(classic.createCheckRun({ name: 'x', headSha: sha })).rejects.toMatchObject({
      status: 403,
      response: { data: { message: 'You must authenticate via a GitHub App.' } },
    });
  });

  it('hides a private repository’s checks from a fine-grained personal token', async () => {
    gh.state.addRepo({ owner: 'acme', repo: 'secret', private: true });
    const secretSha = gh.state.addBranch('acme', 'secret', 'feature');
    gh.state.addToken('github_pat_fine', 'alice', { kind: 'fine-grained-pat' });
    gh.state.setPermission('acme', 'secret', 'alice', 'write');
    const pat = new OctokitGitHubGateway(
      createGitHubClient({ token: 'github_pat_fine', baseUrl: gh.url, throttleId: `pat2-${n}` }),
      { owner: 'acme', repo: 'secret' },
    );
    const error = await pat.listCheckRunsForRef(secretSha).catch((e: unknown) => e);
    expect(isPermissionDenied(error)).toBe(true);
    expect(await pat.getCombinedStatus(secretSha)).toMatchObject({ state: 'pending', statuses: [] });
  });
});

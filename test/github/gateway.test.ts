import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient, OctokitGitHubGateway } from '../../src/github/index.js';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';

const repository = { owner: 'acme', repo: 'widgets' };

describe('OctokitGitHubGateway against the GitHub stand-in', () => {
  let gh: GitHubStandIn;
  let gateway: OctokitGitHubGateway;

  beforeEach(async () => {
    gh = await startGitHubStandIn();
    gh.state.addRepo(repository);
    gateway = new OctokitGitHubGateway(
      createGitHubClient({ token: 'ghs_test', baseUrl: gh.url, timeoutMs: 5_000 }),
      repository,
    );
  });
  afterEach(async () => {
    await gh.close();
  });

  it('creates a PR, then gets it and finds it by branch', async () => {
    gh.state.addBranch('acme', 'widgets', 'cyrus/eng-1-t1');
    const created = await gateway.createPullRequest({
      title: 'ENG-1 t1',
      body: 'Fixes ENG-1',
      head: 'cyrus/eng-1-t1',
      base: 'main',
    });
    expect(created).toMatchObject({
      number: 1,
      title: 'ENG-1 t1',
      state: 'open',
      merged: false,
      headRef: 'cyrus/eng-1-t1',
      baseRef: 'main',
      fromFork: false,
    });
    expect(created.url).toBe(`${gh.url}/acme/widgets/pull/1`);
    expect(created.headSha).toBe(gh.state.branchSha('acme', 'widgets', 'cyrus/eng-1-t1'));

    expect(await gateway.getPullRequest(1)).toEqual(created);
    expect(await gateway.findPullRequestByBranch('cyrus/eng-1-t1')).toEqual(created);
    expect(await gateway.getPullRequest(99)).toBeNull();
    expect(await gateway.findPullRequestByBranch('nope')).toBeNull();
  });

  it('refuses a second open PR for the same head with 422', async () => {
    gh.state.addBranch('acme', 'widgets', 'feature');
    await gateway.createPullRequest({ title: 'one', body: '', head: 'feature', base: 'main' });
    await expect(
      gateway.createPullRequest({ title: 'two', body: '', head: 'feature', base: 'main' }),
    ).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: [{ message: 'A pull request already exists for acme:feature.' }] } },
    });
  });

  it('finds the newest PR for a branch, closed ones included, and sees merges and forks', async () => {
    gh.state.addBranch('acme', 'widgets', 'feature');
    const first = gh.state.addPullRequest('acme', 'widgets', { head: 'feature', title: 'first' });
    gh.state.closePullRequest('acme', 'widgets', first.number, { merged: true });
    gh.state.addPullRequest('acme', 'widgets', { head: 'feature', title: 'second', draft: true });
    gh.state.addPullRequest('acme', 'widgets', {
      head: 'feature',
      title: 'from a fork',
      user: 'mallory',
      fromFork: true,
    });

    const found = await gateway.findPullRequestByBranch('feature');
    expect(found).toMatchObject({ title: 'second', draft: true, state: 'open', fromFork: false });
    expect(await gateway.getPullRequest(first.number)).toMatchObject({ state: 'closed', merged: true });
    expect(await gateway.getPullRequest(3)).toMatchObject({ fromFork: true, headRef: 'feature' });
  });

  it('lists PRs with state, head, sort, direction and pagination (Link header) like GitHub', async () => {
    for (const n of [1, 2, 3]) {
      gh.state.addBranch('acme', 'widgets', `b${n}`);
      gh.state.addPullRequest('acme', 'widgets', { head: `b${n}`, title: `pr ${n}` });
    }
    gh.state.closePullRequest('acme', 'widgets', 2);
    const client = createGitHubClient({ token: 'ghs_test', baseUrl: gh.url });
    const open = await client.rest.pulls.list({ ...repository });
    expect(open.data.map((p) => p.number)).toEqual([3, 1]);
    const asc = await client.rest.pulls.list({ ...repository, state: 'all', direction: 'asc', per_page: 2 });
    expect(asc.data.map((p) => p.number)).toEqual([1, 2]);
    expect(asc.headers.link).toContain('rel="next"');
    const all = await client.paginate(client.rest.pulls.list, { ...repository, state: 'all', per_page: 1 });
    expect(all.map((p) => p.number)).toEqual([3, 2, 1]);
    const byHead = await client.rest.pulls.list({ ...repository, state: 'all', head: 'acme:b2' });
    expect(byHead.data.map((p) => p.number)).toEqual([2]);
  });

  it('tells whether a branch exists, slashes included', async () => {
    gh.state.addBranch('acme', 'widgets', 'cyrus/eng-2/t1');
    expect(await gateway.branchExists('main')).toBe(true);
    expect(await gateway.branchExists('cyrus/eng-2/t1')).toBe(true);
    expect(await gateway.branchExists('cyrus/eng-2/t2')).toBe(false);
  });

  it('reads collaborator permission, maintain and triage through role_name, unknown users as none', async () => {
    gh.state.setPermission('acme', 'widgets', 'alice', 'admin');
    gh.state.setPermission('acme', 'widgets', 'bob', 'maintain');
    gh.state.setPermission('acme', 'widgets', 'carol', 'write');
    gh.state.setPermission('acme', 'widgets', 'dave', 'triage');
    gh.state.setPermission('acme', 'widgets', 'erin', 'read');
    gh.state.addUser('frank');

    expect(await gateway.getCollaboratorPermission('alice')).toBe('admin');
    expect(await gateway.getCollaboratorPermission('bob')).toBe('maintain');
    expect(await gateway.getCollaboratorPermission('carol')).toBe('write');
    expect(await gateway.getCollaboratorPermission('dave')).toBe('triage');
    expect(await gateway.getCollaboratorPermission('erin')).toBe('read');
    expect(await gateway.getCollaboratorPermission('frank')).toBe('none');
    expect(await gateway.getCollaboratorPermission('ghost')).toBe('none');
    const ghost = gh.requests.find((r) => r.path.endsWith('/collaborators/ghost/permission'));
    expect(ghost?.status).toBe(404);
  });
});

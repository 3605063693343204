import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient, OctokitGitHubGateway } from '../../src/github/index.js';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';

const repository = { owner: 'acme', repo: 'widgets' };

describe('OctokitGitHubGateway: issues, comments, reviews and diffs', () => {
  let gh: GitHubStandIn;
  let gateway: OctokitGitHubGateway;
  let n = 0;

  beforeEach(async () => {
    gh = await startGitHubStandIn();
    gh.state.addRepo(repository);
    n += 1;
    gateway = new OctokitGitHubGateway(
      createGitHubClient({ token: 'ghs_test', baseUrl: gh.url, timeoutMs: 5_000, throttleId: `issues-${n}` }),
      repository,
    );
  });
  afterEach(async () => {
    await gh.close();
  });

  it('reads an issue, and a PR through the issues API as a PR', async () => {
    const issue = gh.state.addIssue('acme', 'widgets', {
      title: 'Login fails',
      body: 'Steps...',
      labels: ['cyrus', 'bug'],
      user: 'alice',
    });
    gh.state.addBranch('acme', 'widgets', 'feature');
    const pr = gh.state.addPullRequest('acme', 'widgets', { head: 'feature', title: 'A PR' });

    expect(await gateway.getIssue(issue.number)).toEqual({
      number: issue.number,
      url: `${gh.url}/acme/widgets/issues/${issue.number}`,
      title: 'Login fails',
      body: 'Steps...',
      state: 'open',
      labels: ['cyrus', 'bug'],
      author: 'alice',
      createdAt: issue.createdAt,
      isPullRequest: false,
    });
    expect(await gateway.getIssue(pr.number)).toMatchObject({ isPullRequest: true, title: 'A PR' });
    expect(await gateway.getIssue(99)).toBeNull();
  });

  it('sweeps open labelled issues oldest first, PRs and closed issues left out, up to the limit', async () => {
    gh.state.addIssue('acme', 'widgets', { title: 'old', labels: ['cyrus'] });
    gh.state.addIssue('acme', 'widgets', { title: 'unlabelled' });
    gh.state.addIssue('acme', 'widgets', { title: 'closed', labels: ['cyrus'], state: 'closed' });
    gh.state.addBranch('acme', 'widgets', 'feature');
    gh.state.addPullRequest('acme', 'widgets', { head: 'feature', title: 'labelled PR', labels: ['cyrus'] });
    gh.state.addIssue('acme', 'widgets', { title: 'newer', labels: ['Cyrus', 'bug'] });
    gh.state.addIssue('acme', 'widgets', { title: 'newest', labels: ['cyrus'] });

    const swept = await gateway.listOpenIssuesWithLabel('cyrus', { limit: 2 });
    expect(swept.map((i) => i.title)).toEqual(['old', 'newer']);
    expect((await gateway.listOpenIssuesWithLabel('cyrus', { limit: 10 })).map((i) => i.title)).toEqual([
      'old',
      'newer',
      'newest',
    ]);
    const asked = gh.requests.find((r) => r.path === '/repos/acme/widgets/issues');
    expect(asked?.query).toMatchObject({ labels: 'cyrus', state: 'open', sort: 'created', direction: 'asc' });
  });

  it('creates, lists and edits the tracking comment in place', async () => {
    const issue = gh.state.addIssue('acme', 'widgets', { title: 'x' });
    gh.state.addIssueComment('acme', 'widgets', issue.number, 'someone else', 'alice');
    const created = await gateway.createIssueComment(issue.number, '<!-- cyrus -->\nplan');
    expect(created).toMatchObject({ body: '<!-- cyrus -->\nplan', author: 'cyrus-bot[bot]' });
    const updated = await gateway.updateIssueComment(created.id, '<!-- cyrus -->\nplan v2');
    expect(updated).toMatchObject({ id: created.id, body: '<!-- cyrus -->\nplan v2' });

    const comments = await gateway.listIssueComments(issue.number);
    expect(comments.map((c) => [c.author, c.body])).toEqual([
      ['alice', 'someone else'],
      ['cyrus-bot[bot]', '<!-- cyrus -->\nplan v2'],
    ]);
    // Reading again with nothing changed is a free 304.
    await gateway.listIssueComments(issue.number);
    expect(gh.stats.notModified).toBe(1);
  });

  it('refuses to edit somebody else’s comment without write access', async () => {
    gh.state.addRepo({ owner: 'acme', repo: 'public' });
    gh.state.addToken('github_pat_reader', 'rita', { kind: 'fine-grained-pat' });
    gh.state.setPermission('acme', 'public', 'rita', 'read');
    const issue = gh.state.addIssue('acme', 'public', { title: 'x' });
    const theirs = gh.state.addIssueComment('acme', 'public', issue.number, 'mine', 'alice');
    const reader = new OctokitGitHubGateway(
      createGitHubClient({ token: 'github_pat_reader', baseUrl: gh.url, throttleId: `reader-${n}` }),
      { owner: 'acme', repo: 'public' },
    );
    await expect(reader.updateIssueComment(theirs.id, 'defaced')).rejects.toMatchObject({ status: 403 });
    // Readers may still comment.
    expect(await reader.createIssueComment(issue.number, 'a question')).toMatchObject({ author: 'rita' });
  });

  it('posts a COMMENT review on its own PR, where GitHub refuses REQUEST_CHANGES, and reads the diff', async () => {
    gh.state.addBranch('acme', 'widgets', 'feature');
    gh.state.putFile('acme', 'widgets', 'feature', 'src/a.ts', 'export const a = 1;\n');
    const pr = gh.state.addPullRequest('acme', 'widgets', { head: 'feature', title: 'mine' });

    const review = await gateway.createReview(pr.number, { body: 'Looks right.', event: 'COMMENT' });
    expect(review).toMatchObject({ state: 'COMMENTED', body: 'Looks right.', author: 'cyrus-bot[bot]' });
    expect(review.commitId).toBe(gh.state.branchSha('acme', 'widgets', 'feature'));
    await expect(
      gateway.createReview(pr.number, { body: 'No.', event: 'REQUEST_CHANGES' }),
    ).rejects.toMatchObject({ status: 422 });
    expect((await gateway.listReviews(pr.number)).map((r) => r.state)).toEqual(['COMMENTED']);

    const diff = await gateway.getPullRequestDiff(pr.number);
    expect(diff).toContain('diff --git a/src/a.ts b/src/a.ts');
    expect(diff).toContain('+export const a = 1;');
    const asked = gh.requests.filter((r) => r.path === `/repos/acme/widgets/pulls/${pr.number}`).at(-1);
    expect(asked?.headers.accept).toContain('diff');
  });
});

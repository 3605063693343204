import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseSchema, validate } from '../github/openapi.js';
import { githubGraphqlSchema, invalidDocuments } from '../standins/github/graphql.js';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';
import { mergeWorld } from '../standins/github/merge-state.js';

/**
 * The merge routes of the GitHub stand-in keep GitHub's contracts: REST answers validate against
 * `@octokit/openapi`, and GraphQL documents are checked against `@octokit/graphql-schema` before
 * anything runs (a document GitHub would refuse is refused here).
 */
const R = '/repos/{owner}/{repo}';
const TOKEN = 'ghs_test';

describe('GitHub stand-in: merge routes against the published contracts', () => {
  let gh: GitHubStandIn;
  beforeAll(async () => {
    gh = await startGitHubStandIn();
    const repo = gh.state.addRepo({ owner: 'acme', repo: 'widgets' });
    gh.state.addToken('ghs_admin', 'acme', { kind: 'fine-grained-pat' });
    gh.state.addBranch('acme', 'widgets', 'feature');
    gh.state.putFile('acme', 'widgets', 'main', 'main.txt', 'moved on\n');
    gh.state.addPullRequest('acme', 'widgets', { head: 'feature', title: 'behind main' });
    gh.state.addIssue('acme', 'widgets', { title: 'twin', user: 'linear[bot]' });
    mergeWorld(repo).settings.allowAutoMerge = true;
    mergeWorld(repo).protection.set('main', {
      requiredApprovingReviews: 1,
      requiredChecks: ['test'],
      strict: true,
    });
  });
  afterAll(() => gh.close());

  const call = async (method: string, path: string, body?: unknown, token = TOKEN) => {
    const response = await fetch(`${gh.url}${path}`, {
      method,
      headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as unknown };
  };

  it.each([
    [
      'pull with auto-merge and mergeable_state',
      'GET',
      `${R}/pulls/{pull_number}`,
      '/repos/acme/widgets/pulls/1',
      undefined,
      TOKEN,
      200,
    ],
    [
      'update-branch',
      'PUT',
      `${R}/pulls/{pull_number}/update-branch`,
      '/repos/acme/widgets/pulls/1/update-branch',
      {},
      TOKEN,
      202,
    ],
    [
      'update-branch with a stale head',
      'PUT',
      `${R}/pulls/{pull_number}/update-branch`,
      '/repos/acme/widgets/pulls/1/update-branch',
      { expected_head_sha: 'f'.repeat(40) },
      TOKEN,
      422,
    ],
    [
      'retarget',
      'PATCH',
      `${R}/pulls/{pull_number}`,
      '/repos/acme/widgets/pulls/1',
      { base: 'main' },
      TOKEN,
      200,
    ],
    [
      'branch protection (admin)',
      'GET',
      `${R}/branches/{branch}/protection`,
      '/repos/acme/widgets/branches/main/protection',
      undefined,
      'ghs_admin',
      200,
    ],
    [
      'branch not protected',
      'GET',
      `${R}/branches/{branch}/protection`,
      '/repos/acme/widgets/branches/feature/protection',
      undefined,
      'ghs_admin',
      404,
    ],
    [
      'close issue',
      'PATCH',
      `${R}/issues/{issue_number}`,
      '/repos/acme/widgets/issues/2',
      { state: 'closed', state_reason: 'completed' },
      TOKEN,
      200,
    ],
  ])(
    '%s answers %s with the documented shape',
    async (_name, method, template, path, body, token, status) => {
      const reply = await call(method, path, body, token);
      expect(reply.status).toBe(status);
      expect(validate(reply.json, responseSchema(method, template, status))).toEqual([]);
    },
  );

  it('branch protection is not readable without administration permission (403)', async () => {
    const reply = await call('GET', '/repos/acme/widgets/branches/main/protection');
    expect(reply).toEqual({
      status: 403,
      json: expect.objectContaining({ message: 'Resource not accessible by integration' }),
    });
  });

  it('the auto-merge state shows on the REST pull request once enabled through GraphQL', async () => {
    const pull = (await call('GET', '/repos/acme/widgets/pulls/1')).json as {
      node_id: string;
      head: { sha: string };
    };
    const enabled = await call('POST', '/graphql', {
      query: `mutation($input: EnablePullRequestAutoMergeInput!) {
        enablePullRequestAutoMerge(input: $input) { pullRequest { id autoMergeRequest { enabledAt mergeMethod } } }
      }`,
      variables: {
        input: { pullRequestId: pull.node_id, mergeMethod: 'SQUASH', expectedHeadOid: pull.head.sha },
      },
    });
    expect(enabled.json).toMatchObject({
      data: { enablePullRequestAutoMerge: { pullRequest: { autoMergeRequest: { mergeMethod: 'SQUASH' } } } },
    });
    const after = await call('GET', '/repos/acme/widgets/pulls/1');
    expect((after.json as { auto_merge: unknown }).auto_merge).toMatchObject({ merge_method: 'squash' });
    expect(validate(after.json, responseSchema('GET', `${R}/pulls/{pull_number}`, 200))).toEqual([]);
  });

  it('refuses a GraphQL document the published schema does not allow, and runs nothing', async () => {
    const before = invalidDocuments.length;
    const reply = await call('POST', '/graphql', {
      query:
        'mutation { enablePullRequestAutoMerge(input: { pullRequestId: "x", mergeStrategy: SQUASH }) { clientMutationId } }',
    });
    expect(reply.status).toBe(200);
    expect(JSON.stringify(reply.json)).toContain('mergeStrategy');
    expect(invalidDocuments.length).toBe(before + 1);
    invalidDocuments.splice(before);
    expect(githubGraphqlSchema().getMutationType()?.getFields().enqueuePullRequest).toBeDefined();
  });

  it('GraphQL answers need a token, as GitHub does', async () => {
    const response = await fetch(`${gh.url}/graphql`, {
      method: 'POST',
      body: JSON.stringify({ query: '{ viewer { login } }' }),
    });
    expect(response.status).toBe(401);
  });
});

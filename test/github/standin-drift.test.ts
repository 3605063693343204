import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';
import { componentSchema, responseSchema, validate } from './openapi.js';

/**
 * The stand-in must not drift from GitHub's contract: every kind of response it serves is
 * validated against the schema `@octokit/openapi` documents for that operation and status.
 */
interface Case {
  name: string;
  method: string;
  /** The operation's path template in the spec. */
  template: string;
  path: string;
  body?: unknown;
  status: number;
}

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('GitHub stand-in responses match @octokit/openapi', () => {
  let gh: GitHubStandIn;
  let mainSha = '';
  let fileSha = '';

  beforeAll(async () => {
    gh = await startGitHubStandIn();
    gh.state.addRepo({ owner: 'acme', repo: 'widgets' });
    gh.state.addBranch('acme', 'widgets', 'feature');
    gh.state.addBranch('acme', 'widgets', 'to-delete');
    gh.state.addBranch('acme', 'widgets', 'for-api-pr');
    gh.state.setPermission('acme', 'widgets', 'bob', 'maintain');
    gh.state.addPullRequest('acme', 'widgets', { head: 'feature', title: 'open one', body: 'Fixes ENG-1' });
    const merged = gh.state.addPullRequest('acme', 'widgets', { head: 'feature', title: 'merged one' });
    gh.state.closePullRequest('acme', 'widgets', merged.number, { merged: true });
    gh.state.addPullRequest('acme', 'widgets', {
      head: 'feature',
      title: 'fork',
      user: 'mallory',
      fromFork: true,
      draft: true,
    });
    gh.state.putFile('acme', 'widgets', 'main', 'dir/a.json', '{"a":1}');
    fileSha = gh.state.putFile('acme', 'widgets', 'main', 'dir/b.json', '{"b":1}');
    mainSha = gh.state.branchSha('acme', 'widgets', 'main') ?? '';
  });
  afterAll(async () => {
    await gh.close();
  });

  const R = '/repos/{owner}/{repo}';
  const cases = (): Case[] => [
    { name: 'repository', method: 'GET', template: R, path: '/repos/acme/widgets', status: 200 },
    { name: 'unknown repository', method: 'GET', template: R, path: '/repos/acme/nope', status: 404 },
    {
      name: 'pull list',
      method: 'GET',
      template: `${R}/pulls`,
      path: '/repos/acme/widgets/pulls?state=all&head=acme:feature',
      status: 200,
    },
    {
      name: 'pull',
      method: 'GET',
      template: `${R}/pulls/{pull_number}`,
      path: '/repos/acme/widgets/pulls/1',
      status: 200,
    },
    {
      name: 'merged pull',
      method: 'GET',
      template: `${R}/pulls/{pull_number}`,
      path: '/repos/acme/widgets/pulls/2',
      status: 200,
    },
    {
      name: 'fork pull',
      method: 'GET',
      template: `${R}/pulls/{pull_number}`,
      path: '/repos/acme/widgets/pulls/3',
      status: 200,
    },
    {
      name: 'missing pull',
      method: 'GET',
      template: `${R}/pulls/{pull_number}`,
      path: '/repos/acme/widgets/pulls/99',
      status: 404,
    },
    {
      name: 'create pull',
      method: 'POST',
      template: `${R}/pulls`,
      path: '/repos/acme/widgets/pulls',
      body: { title: 't', head: 'for-api-pr', base: 'main', body: 'b' },
      status: 201,
    },
    {
      name: 'duplicate pull',
      method: 'POST',
      template: `${R}/pulls`,
      path: '/repos/acme/widgets/pulls',
      body: { title: 't', head: 'for-api-pr', base: 'main' },
      status: 422,
    },
    {
      name: 'update pull',
      method: 'PATCH',
      template: `${R}/pulls/{pull_number}`,
      path: '/repos/acme/widgets/pulls/4',
      body: { state: 'closed' },
      status: 200,
    },
    {
      name: 'branch',
      method: 'GET',
      template: `${R}/branches/{branch}`,
      path: '/repos/acme/widgets/branches/main',
      status: 200,
    },
    {
      name: 'missing branch',
      method: 'GET',
      template: `${R}/branches/{branch}`,
      path: '/repos/acme/widgets/branches/nope',
      status: 404,
    },
    {
      name: 'ref',
      method: 'GET',
      template: `${R}/git/ref/{ref}`,
      path: '/repos/acme/widgets/git/ref/heads%2Fmain',
      status: 200,
    },
    {
      name: 'missing ref',
      method: 'GET',
      template: `${R}/git/ref/{ref}`,
      path: '/repos/acme/widgets/git/ref/heads/nope',
      status: 404,
    },
    {
      name: 'create ref',
      method: 'POST',
      template: `${R}/git/refs`,
      path: '/repos/acme/widgets/git/refs',
      body: { ref: 'refs/heads/new', sha: mainSha },
      status: 201,
    },
    {
      name: 'existing ref',
      method: 'POST',
      template: `${R}/git/refs`,
      path: '/repos/acme/widgets/git/refs',
      body: { ref: 'refs/heads/new', sha: mainSha },
      status: 422,
    },
    {
      name: 'update ref',
      method: 'PATCH',
      template: `${R}/git/refs/{ref}`,
      path: '/repos/acme/widgets/git/refs/heads/new',
      body: { sha: mainSha, force: true },
      status: 200,
    },
    {
      name: 'collaborator',
      method: 'GET',
      template: `${R}/collaborators/{username}/permission`,
      path: '/repos/acme/widgets/collaborators/bob/permission',
      status: 200,
    },
    {
      name: 'unknown user',
      method: 'GET',
      template: `${R}/collaborators/{username}/permission`,
      path: '/repos/acme/widgets/collaborators/ghost/permission',
      status: 404,
    },
    {
      name: 'file',
      method: 'GET',
      template: `${R}/contents/{path}`,
      path: '/repos/acme/widgets/contents/dir/a.json?ref=main',
      status: 200,
    },
    {
      name: 'directory',
      method: 'GET',
      template: `${R}/contents/{path}`,
      path: '/repos/acme/widgets/contents/dir',
      status: 200,
    },
    {
      name: 'missing file',
      method: 'GET',
      template: `${R}/contents/{path}`,
      path: '/repos/acme/widgets/contents/nope.json',
      status: 404,
    },
    {
      name: 'create file',
      method: 'PUT',
      template: `${R}/contents/{path}`,
      path: '/repos/acme/widgets/contents/dir/c.json',
      body: { message: 'm', content: b64('c'), branch: 'main' },
      status: 201,
    },
    {
      name: 'update file',
      method: 'PUT',
      template: `${R}/contents/{path}`,
      path: '/repos/acme/widgets/contents/dir/b.json',
      body: { message: 'm', content: b64('b2'), sha: fileSha, branch: 'main' },
      status: 200,
    },
    {
      name: 'stale sha',
      method: 'PUT',
      template: `${R}/contents/{path}`,
      path: '/repos/acme/widgets/contents/dir/b.json',
      body: { message: 'm', content: b64('b3'), sha: fileSha, branch: 'main' },
      status: 409,
    },
    {
      name: 'missing sha',
      method: 'PUT',
      template: `${R}/contents/{path}`,
      path: '/repos/acme/widgets/contents/dir/a.json',
      body: { message: 'm', content: b64('a2') },
      status: 422,
    },
    {
      name: 'delete file',
      method: 'DELETE',
      template: `${R}/contents/{path}`,
      path: '/repos/acme/widgets/contents/dir/c.json',
      body: { message: 'm', sha: 'PLACEHOLDER' },
      status: 200,
    },
  ];

  it('answers every case with the documented status and a body that fits the documented schema', async () => {
    const failures: string[] = [];
    for (const c of cases()) {
      const body =
        c.body && typeof c.body === 'object' && 'sha' in c.body && c.body.sha === 'PLACEHOLDER'
          ? { ...c.body, sha: gh.state.file('acme', 'widgets', 'main', 'dir/c.json')?.sha }
          : c.body;
      const response = await fetch(`${gh.url}${c.path}`, {
        method: c.method,
        headers: { authorization: 'Bearer ghs_test', accept: 'application/vnd.github+json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const json: unknown = await response.json();
      if (response.status !== c.status) {
        failures.push(
          `${c.name}: status ${response.status}, expected ${c.status}: ${JSON.stringify(json).slice(0, 200)}`,
        );
        continue;
      }
      const errors = validate(json, responseSchema(c.method, c.template, c.status));
      if (errors.length > 0) failures.push(`${c.name}:\n  ${errors.slice(0, 10).join('\n  ')}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers issues, comments, reviews, checks and statuses with documented shapes', async () => {
    const repo = 'checked';
    gh.state.addRepo({ owner: 'acme', repo });
    const sha = gh.state.addBranch('acme', repo, 'feature');
    gh.state.addToken('github_pat_drift', 'alice', { kind: 'fine-grained-pat' });
    gh.state.setPermission('acme', repo, 'alice', 'write');
    const pr = gh.state.addPullRequest('acme', repo, { head: 'feature', title: 'PR', labels: ['cyrus'] });
    const issue = gh.state.addIssue('acme', repo, { title: 'Bug', body: 'It breaks', labels: ['cyrus'] });
    const comment = gh.state.addIssueComment('acme', repo, issue.number, 'first');
    const suite = gh.state.addCheckSuite('acme', repo, sha, {
      headBranch: 'feature',
      checkRuns: [{ name: 'test', status: 'in_progress' }],
    });
    gh.state.completeCheckSuite('acme', repo, suite.id, 'failure', {
      test: { conclusion: 'failure', summary: 'boom' },
    });
    gh.state.addCheckSuite('acme', repo, sha, { app: 'silent-app' });
    gh.state.addStatus('acme', repo, sha, {
      context: 'ci/legacy',
      state: 'success',
      targetUrl: 'https://ci.example/1',
    });
    const R2 = `/repos/acme/${repo}`;
    const ok: (Case & { token?: string; undocumented?: string })[] = [
      {
        name: 'issue list',
        method: 'GET',
        template: `${R}/issues`,
        path: `${R2}/issues?labels=cyrus&state=open`,
        status: 200,
      },
      {
        name: 'issue events (who applied a label)',
        method: 'GET',
        template: `${R}/issues/{issue_number}/events`,
        path: `${R2}/issues/${issue.number}/events`,
        status: 200,
      },
      {
        name: 'issue',
        method: 'GET',
        template: `${R}/issues/{issue_number}`,
        path: `${R2}/issues/${issue.number}`,
        status: 200,
      },
      {
        name: 'PR as issue',
        method: 'GET',
        template: `${R}/issues/{issue_number}`,
        path: `${R2}/issues/${pr.number}`,
        status: 200,
      },
      {
        name: 'missing issue',
        method: 'GET',
        template: `${R}/issues/{issue_number}`,
        path: `${R2}/issues/99`,
        status: 404,
      },
      {
        name: 'comments',
        method: 'GET',
        template: `${R}/issues/{issue_number}/comments`,
        path: `${R2}/issues/${issue.number}/comments`,
        status: 200,
      },
      {
        name: 'create comment',
        method: 'POST',
        template: `${R}/issues/{issue_number}/comments`,
        path: `${R2}/issues/${issue.number}/comments`,
        body: { body: 'hi' },
        status: 201,
      },
      {
        name: 'empty comment',
        method: 'POST',
        template: `${R}/issues/{issue_number}/comments`,
        path: `${R2}/issues/${issue.number}/comments`,
        body: {},
        status: 422,
      },
      {
        name: 'update comment',
        method: 'PATCH',
        template: `${R}/issues/comments/{comment_id}`,
        path: `${R2}/issues/comments/${comment.id}`,
        body: { body: 'edited' },
        status: 200,
      },
      {
        name: 'review',
        method: 'POST',
        template: `${R}/pulls/{pull_number}/reviews`,
        path: `${R2}/pulls/${pr.number}/reviews`,
        body: { body: 'looks fine', event: 'COMMENT' },
        status: 200,
      },
      {
        name: 'own approval',
        method: 'POST',
        template: `${R}/pulls/{pull_number}/reviews`,
        path: `${R2}/pulls/${pr.number}/reviews`,
        body: { event: 'APPROVE' },
        status: 422,
      },
      {
        name: 'reviews',
        method: 'GET',
        template: `${R}/pulls/{pull_number}/reviews`,
        path: `${R2}/pulls/${pr.number}/reviews`,
        status: 200,
      },
      {
        name: 'check runs',
        method: 'GET',
        template: `${R}/commits/{ref}/check-runs`,
        path: `${R2}/commits/${sha}/check-runs`,
        status: 200,
      },
      {
        name: 'check suites',
        method: 'GET',
        template: `${R}/commits/{ref}/check-suites`,
        path: `${R2}/commits/feature/check-suites`,
        status: 200,
      },
      {
        name: 'create check run',
        method: 'POST',
        template: `${R}/check-runs`,
        path: `${R2}/check-runs`,
        body: { name: 'Cyrus validation', head_sha: sha, status: 'in_progress' },
        status: 201,
      },
      {
        name: 'check run for unknown sha',
        method: 'POST',
        template: `${R}/check-runs`,
        path: `${R2}/check-runs`,
        body: { name: 'x', head_sha: 'f'.repeat(40) },
        status: 422,
        undocumented: 'validation-error',
      },
      {
        name: 'check run from a personal token',
        method: 'POST',
        template: `${R}/check-runs`,
        path: `${R2}/check-runs`,
        body: { name: 'x', head_sha: sha },
        status: 403,
        token: 'github_pat_drift',
        undocumented: 'basic-error',
      },
      {
        name: 'combined status',
        method: 'GET',
        template: `${R}/commits/{ref}/status`,
        path: `${R2}/commits/${sha}/status`,
        status: 200,
      },
      {
        name: 'create status',
        method: 'POST',
        template: `${R}/statuses/{sha}`,
        path: `${R2}/statuses/${sha}`,
        body: { state: 'pending', context: 'Cyrus validation' },
        status: 201,
        token: 'github_pat_drift',
      },
    ];
    const failures: string[] = [];
    const send = async (c: Case & { token?: string }) => {
      const response = await fetch(`${gh.url}${c.path}`, {
        method: c.method,
        headers: { authorization: `Bearer ${c.token ?? 'ghs_test'}`, accept: 'application/vnd.github+json' },
        ...(c.body === undefined ? {} : { body: JSON.stringify(c.body) }),
      });
      return { status: response.status, json: (await response.json()) as unknown };
    };
    for (const c of ok) {
      const { status, json } = await send(c);
      if (status !== c.status) {
        failures.push(
          `${c.name}: status ${status}, expected ${c.status}: ${JSON.stringify(json).slice(0, 200)}`,
        );
        continue;
      }
      const schema = c.undocumented
        ? componentSchema(c.undocumented)
        : responseSchema(c.method, c.template, c.status);
      const errors = validate(json, schema);
      if (errors.length > 0) failures.push(`${c.name}:\n  ${errors.slice(0, 10).join('\n  ')}`);
    }
    // The check run just created, completed (PATCH), and read back.
    const created = gh.state.checkRuns('acme', repo, sha).find((r) => r.name === 'Cyrus validation');
    const patch: Case = {
      name: 'update check run',
      method: 'PATCH',
      template: `${R}/check-runs/{check_run_id}`,
      path: `${R2}/check-runs/${created?.id}`,
      body: { conclusion: 'success', output: { title: 'Passed', summary: 'All good' } },
      status: 200,
    };
    const patched = await send(patch);
    expect(patched.status).toBe(200);
    failures.push(...validate(patched.json, responseSchema('PATCH', patch.template, 200)));
    expect(failures).toEqual([]);
  });

  it('the validator itself catches drift', async () => {
    const schema = responseSchema('GET', `${R}/collaborators/{username}/permission`, 200);
    expect(validate({ permission: 'write' }, schema)).toEqual(
      expect.arrayContaining([expect.stringContaining('role_name: required')]),
    );
    expect(validate({ permission: 1, role_name: 'x', user: null }, schema)).toEqual([
      expect.stringContaining('expected string'),
    ]);

    // Deep in a real payload: a required field of the head repository, and a wrong enum value.
    const response = await fetch(`${gh.url}/repos/acme/widgets/pulls/1`, {
      headers: { authorization: 'token ghs_test' },
    });
    const json = (await response.json()) as { state: string; head: { repo: Record<string, unknown> } };
    const pullSchema = responseSchema('GET', `${R}/pulls/{pull_number}`, 200);
    expect(validate(json, pullSchema)).toEqual([]);
    delete json.head.repo.archive_url;
    json.state = 'merged';
    expect(validate(json, pullSchema).sort()).toEqual([
      expect.stringContaining('$.head.repo.archive_url: required but missing'),
      expect.stringContaining('$.state: "merged" not in'),
    ]);
  });

  it('answers 401 with basic-error shape for a bad token', async () => {
    const response = await fetch(`${gh.url}/repos/acme/widgets`, {
      headers: { authorization: 'token nope' },
    });
    expect(response.status).toBe(401);
    expect(validate(await response.json(), responseSchema('GET', `${R}/pulls/{pull_number}`, 404))).toEqual(
      [],
    );
  });
});

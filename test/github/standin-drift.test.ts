import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';
import { responseSchema, validate } from './openapi.js';

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

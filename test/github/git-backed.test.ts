import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient, OctokitGitHubGateway } from '../../src/github/index.js';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';

const exec = promisify(execFile);
const repository = { owner: 'acme', repo: 'widgets' };
const identity = ['-c', 'user.name=Test', '-c', 'user.email=test@example.com'];

/** Async on purpose: the stand-in serving git smart HTTP runs in this process. */
async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await exec('git', [...identity, ...args], {
    cwd,
    timeout: 20_000,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1', HOME: cwd },
  });
  return stdout.trim();
}

describe('a repository backed by a real bare git directory', () => {
  let gh: GitHubStandIn;
  let dir: string;
  let bare: string;
  let work: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gh-standin-test-'));
    bare = join(dir, 'widgets.git');
    work = join(dir, 'work');
    await git(dir, 'init', '-q', '--bare', '-b', 'main', bare);
    await git(dir, 'init', '-q', '-b', 'main', work);
    await writeFile(join(work, 'README.md'), 'hello\n');
    await git(work, 'add', '.');
    await git(work, 'commit', '-q', '-m', 'initial');
    await git(work, 'push', '-q', bare, 'main');
    gh = await startGitHubStandIn();
    gh.state.addRepo({ ...repository, gitDir: bare });
  });
  afterEach(async () => {
    await gh.close();
    await rm(dir, { recursive: true, force: true });
  });

  const gateway = () =>
    new OctokitGitHubGateway(
      createGitHubClient({ token: 'ghs_test', baseUrl: gh.url, timeoutMs: 5_000 }),
      repository,
    );

  it('sees a branch once it is pushed, and opens a PR whose head is the pushed commit', async () => {
    const g = gateway();
    expect(await g.branchExists('cyrus/eng-1-t1')).toBe(false);

    await git(work, 'checkout', '-q', '-b', 'cyrus/eng-1-t1');
    await writeFile(join(work, 'feature.txt'), 'work\n');
    await git(work, 'add', '.');
    await git(work, 'commit', '-q', '-m', 'ENG-1: work');
    await git(work, 'push', '-q', bare, 'cyrus/eng-1-t1');
    const pushed = await git(work, 'rev-parse', 'HEAD');

    expect(await g.branchExists('cyrus/eng-1-t1')).toBe(true);
    const pr = await g.createPullRequest({
      title: 'ENG-1 t1',
      body: 'Fixes ENG-1',
      head: 'cyrus/eng-1-t1',
      base: 'main',
    });
    expect(pr.headSha).toBe(pushed);

    // A later push moves the open PR's head, as on GitHub.
    await writeFile(join(work, 'feature.txt'), 'more work\n');
    await git(work, 'commit', '-q', '-am', 'ENG-1: more');
    await git(work, 'push', '-q', bare, 'cyrus/eng-1-t1');
    expect((await g.getPullRequest(pr.number))?.headSha).toBe(await git(work, 'rev-parse', 'HEAD'));
  });

  it('serves git smart HTTP with the x-access-token basic header actions/checkout persists', async () => {
    const header = `AUTHORIZATION: basic ${Buffer.from('x-access-token:ghs_test').toString('base64')}`;
    const remote = `${gh.url}/acme/widgets.git`;
    const clone = join(dir, 'clone');
    await git(dir, '-c', `http.extraheader=${header}`, 'clone', '-q', remote, clone);
    await git(clone, 'checkout', '-q', '-b', 'over-http');
    await writeFile(join(clone, 'http.txt'), 'via http\n');
    await git(clone, 'add', '.');
    await git(clone, 'commit', '-q', '-m', 'over http');
    await git(clone, '-c', `http.extraheader=${header}`, 'push', '-q', 'origin', 'over-http');

    expect(await gateway().branchExists('over-http')).toBe(true);
    expect(gh.state.file('acme', 'widgets', 'over-http', 'http.txt')?.content).toBe('via http\n');

    // No credentials, or a wrong token: git is refused.
    await expect(git(dir, 'ls-remote', remote)).rejects.toThrow();
    const wrong = `AUTHORIZATION: basic ${Buffer.from('x-access-token:nope').toString('base64')}`;
    await expect(git(dir, '-c', `http.extraheader=${wrong}`, 'ls-remote', remote)).rejects.toThrow();
  });

  it('refuses a push over HTTP from a token without write permission', async () => {
    gh.state.setPermission('acme', 'widgets', 'cyrus-bot[bot]', 'read');
    const header = `AUTHORIZATION: basic ${Buffer.from('x-access-token:ghs_test').toString('base64')}`;
    await git(work, 'checkout', '-q', '-b', 'denied');
    await expect(
      git(work, '-c', `http.extraheader=${header}`, 'push', '-q', `${gh.url}/acme/widgets.git`, 'denied'),
    ).rejects.toThrow(/403|denied/);
  });

  it('writes contents as real commits, with compare-and-swap, that a fetch then sees', async () => {
    const client = createGitHubClient({ token: 'ghs_test', baseUrl: gh.url, timeoutMs: 5_000 });
    const main = await client.rest.git.getRef({ ...repository, ref: 'heads/main' });
    await client.rest.git.createRef({
      ...repository,
      ref: 'refs/heads/cyrus-state',
      sha: main.data.object.sha,
    });
    const created = await client.rest.repos.createOrUpdateFileContents({
      ...repository,
      path: 'issues/ENG-1.json',
      message: 'ledger',
      content: Buffer.from('{"v":1}').toString('base64'),
      branch: 'cyrus-state',
    });
    const sha = created.data.content?.sha ?? '';
    const put = (content: string) =>
      fetch(`${gh.url}/repos/acme/widgets/contents/issues/ENG-1.json`, {
        method: 'PUT',
        headers: { authorization: 'token ghs_test' },
        body: JSON.stringify({
          message: 'm',
          content: Buffer.from(content).toString('base64'),
          sha,
          branch: 'cyrus-state',
        }),
      });
    const statuses = (await Promise.all([put('{"v":2}'), put('{"v":3}'), put('{"v":4}')])).map(
      (r) => r.status,
    );
    expect(statuses.sort()).toEqual([200, 409, 409]);

    await git(work, 'fetch', '-q', bare, 'cyrus-state');
    expect(await git(work, 'rev-parse', 'FETCH_HEAD')).toBe(
      gh.state.branchSha('acme', 'widgets', 'cyrus-state'),
    );
    expect(await git(work, 'show', 'FETCH_HEAD:README.md')).toBe('hello');
    expect(await git(work, 'rev-parse', 'FETCH_HEAD:issues/ENG-1.json')).toBe(
      gh.state.file('acme', 'widgets', 'cyrus-state', 'issues/ENG-1.json')?.sha,
    );
  });
});

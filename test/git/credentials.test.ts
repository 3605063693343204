import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  commitAll,
  createWorktree,
  extractPersistedCredentials,
  filesContaining,
  Git,
  GitAuth,
  GitError,
  globalCredentialWarnings,
  pushHead,
  remoteBranchSha,
} from '../../src/git/index.js';
import { UserError } from '../../src/util/errors.js';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';
import {
  checkoutLikeActions,
  extraheader,
  makeOrigin,
  sh,
  shAsync,
  tempDirs,
  tokenForms,
} from './helpers/repos.js';

const TOKEN = 'ghs_checkoutPersistedToken0123456789abcd';
const git = new Git({ timeoutMs: 20_000 });
const dirs = tempDirs();
let server: GitHubStandIn;

beforeAll(async () => {
  server = await startGitHubStandIn({ token: TOKEN });
  server.state.addRepo({ owner: 'acme', repo: 'widgets', gitDir: makeOrigin(dirs.make('server')) });
});
afterAll(async () => {
  await server.close();
  dirs.cleanup();
});
afterEach(() => {
  server.requests.length = 0;
});

function workspace(): Promise<string> {
  return checkoutLikeActions(dirs.make('ws'), `${server.url}/acme/widgets.git`, TOKEN, server.url);
}

describe('extractPersistedCredentials', () => {
  it('takes the actions/checkout extraheader out of .git, and the action can still push with it', async () => {
    const ws = await workspace();
    expect(readFileSync(join(ws, '.git', 'config'), 'utf8')).toContain(tokenForms(TOKEN)[1]);
    // The checkout's persisted token works for any git process that can read .git/config...
    expect(await shAsync(ws, 'ls-remote', 'origin', 'main')).toContain('refs/heads/main');

    const auth = await extractPersistedCredentials(ws, { git });

    expect(auth.isEmpty).toBe(false);
    expect(filesContaining(join(ws, '.git'), tokenForms(TOKEN))).toEqual([]);
    expect(sh(ws, 'config', '--list')).not.toContain('extraheader');

    // A plain git (what an agent could run) is now refused by the server...
    await expect(shAsync(ws, 'ls-remote', 'origin')).rejects.toThrow();
    // ...while the action's own push carries the credential.
    const target = { url: `${server.url}/acme/widgets.git`, auth };
    const wt = await createWorktree(git, {
      repoDir: ws,
      root: dirs.make('wt'),
      branch: 'cyrus/eng-1-t1',
      startPoint: 'main',
    });
    writeFileSync(join(wt.path, 'a.txt'), 'a\n');
    await commitAll(git, { cwd: wt.path, baseSha: wt.baseSha, message: 'ENG-1: a' });
    await pushHead(git, wt.path, target, 'cyrus/eng-1-t1');
    const pushed = await remoteBranchSha(git, ws, target, 'cyrus/eng-1-t1');
    expect(pushed).toBe(sh(wt.path, 'rev-parse', 'HEAD'));
    const receivePack = server.requests.filter((r) => r.path.endsWith('git-receive-pack'));
    expect(receivePack.map((r) => r.status)).toContain(200);
    // The worktree shares the scrubbed config: nothing there either.
    expect(sh(wt.path, 'config', '--list')).not.toContain('extraheader');
    expect(filesContaining(join(ws, '.git'), tokenForms(TOKEN))).toEqual([]);
  });

  it('is idempotent: a later call finds the config clean and still returns the credentials taken out', async () => {
    const ws = await workspace();
    const first = await extractPersistedCredentials(ws, { git });
    const again = await extractPersistedCredentials(ws, { git });
    expect(again.isEmpty).toBe(false);
    expect(again.sources).toEqual(first.sources);
    expect(filesContaining(join(ws, '.git'), tokenForms(TOKEN))).toEqual([]);
    // Before extraction, plain git could use the persisted token; after, only the action can.
    await expect(shAsync(ws, 'ls-remote', 'origin')).rejects.toThrow();
    expect(
      await remoteBranchSha(git, ws, { url: `${server.url}/acme/widgets.git`, auth: again }, 'main'),
    ).toMatch(/^[0-9a-f]{40}$/);
  });

  it('without any credential, a push is refused (the server really checks)', async () => {
    const ws = await workspace();
    await extractPersistedCredentials(ws, { git });
    await expect(
      pushHead(git, ws, { url: `${server.url}/acme/widgets.git`, auth: GitAuth.none() }, 'main-copy'),
    ).rejects.toBeInstanceOf(GitError);
  });

  it('scrubs a credentials file pulled in with includeIf (actions/checkout v6 layout)', async () => {
    const ws = await workspace();
    sh(ws, 'config', '--local', '--unset-all', `http.${server.url}/.extraheader`);
    const credsFile = join(dirs.make('runner-temp'), 'git-credentials-1234.config');
    writeFileSync(credsFile, `[http "${server.url}/"]\n\textraheader = ${extraheader(TOKEN)}\n`);
    sh(ws, 'config', '--local', `includeIf.gitdir:${join(ws, '.git')}/.path`, credsFile);
    sh(ws, 'config', '--local', `includeIf.gitdir:${join(ws, '.git')}/worktrees/*.path`, credsFile);

    const auth = await extractPersistedCredentials(ws, { git });

    expect(auth.isEmpty).toBe(false);
    expect(readFileSync(credsFile, 'utf8')).not.toContain(tokenForms(TOKEN)[1]);
    expect(sh(ws, 'config', '--list', '--includes')).not.toContain('extraheader');
    expect(await remoteBranchSha(git, ws, { url: `${server.url}/acme/widgets.git`, auth }, 'main')).toMatch(
      /^[0-9a-f]{40}$/,
    );
  });

  it('strips a token embedded in the remote URL and still fetches with it', async () => {
    const ws = await workspace();
    sh(ws, 'config', '--local', '--unset-all', `http.${server.url}/.extraheader`);
    const host = server.url.replace('http://', '');
    sh(ws, 'remote', 'set-url', 'origin', `http://x-access-token:${TOKEN}@${host}/acme/widgets.git`);

    const auth = await extractPersistedCredentials(ws, { git });

    expect(sh(ws, 'remote', 'get-url', 'origin')).toBe(`${server.url}/acme/widgets.git`);
    expect(filesContaining(join(ws, '.git'), [TOKEN])).toEqual([]);
    expect(await remoteBranchSha(git, ws, { url: `${server.url}/acme/widgets.git`, auth }, 'main')).toMatch(
      /^[0-9a-f]{40}$/,
    );
  });

  it('removes url.*.insteadOf sections with credentials and credential helpers', async () => {
    const ws = await workspace();
    sh(
      ws,
      'config',
      '--local',
      `url.https://x-access-token:${TOKEN}@github.com/.insteadOf`,
      'https://github.com/',
    );
    sh(ws, 'config', '--local', 'credential.helper', `!f() { echo password=${TOKEN}; }; f`);

    const auth = await extractPersistedCredentials(ws, { git });

    const config = readFileSync(join(ws, '.git', 'config'), 'utf8');
    expect(config).not.toContain(TOKEN);
    expect(config).not.toContain('insteadOf');
    expect(config).not.toContain('helper');
    expect(auth.sources.join('\n')).not.toContain(TOKEN);
    expect(auth.sources.join('\n')).toContain('***@github.com');
  });

  it('fails closed when the token is still readable somewhere under .git', async () => {
    const ws = await workspace();
    writeFileSync(join(ws, '.git', 'description'), `leftover ${TOKEN}\n`);
    const error = await extractPersistedCredentials(ws, { git }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(String(error)).toContain('description');
    expect(String(error)).not.toContain(TOKEN);
  });
});

describe('globalCredentialWarnings', () => {
  it('warns about a token in the global git config, which the action does not edit', async () => {
    const globalFile = join(dirs.make('home'), 'gitconfig');
    writeFileSync(
      globalFile,
      `[url "https://x-access-token:${TOKEN}@github.com/"]\n\tinsteadOf = https://github.com/\n`,
    );
    const withGlobal = new Git({
      sourceEnv: { ...process.env, GIT_CONFIG_GLOBAL: globalFile, GIT_CONFIG_NOSYSTEM: '1' },
    });
    const warnings = await globalCredentialWarnings(withGlobal, dirs.make('cwd'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('global git config holds a credential');
    expect(warnings[0]).not.toContain(TOKEN);
  });
});

describe('GitAuth', () => {
  it('never shows its values when printed, logged or serialised', () => {
    const auth = GitAuth.fromToken(TOKEN, 'https://github.com');
    for (const text of [String(auth), JSON.stringify({ auth }), inspect(auth), `${auth}`]) {
      for (const form of tokenForms(TOKEN)) expect(text).not.toContain(form);
    }
    expect(auth.secretValues()).toEqual(expect.arrayContaining(tokenForms(TOKEN)));
  });

  it('merges credentials from several sources', () => {
    const merged = GitAuth.none()
      .merge(GitAuth.fromToken('t1-aaaaaaaa'))
      .merge(GitAuth.fromToken('t1-aaaaaaaa'));
    expect(merged.isEmpty).toBe(false);
    expect(merged.sources).toHaveLength(2);
  });
});

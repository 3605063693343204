import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CodegenClient } from '../../src/codegen/index.js';
import { Git } from '../../src/git/index.js';
import { createGitHubClient } from '../../src/github/index.js';
import { readProxyEnvironment } from '../../src/http/index.js';
import { createLinearClient, SdkLinearGateway } from '../../src/linear/index.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { testClock } from '../helpers/fixed-time.js';
import { InstantClock } from '../helpers/instant-clock.js';
import { type CodegenStandIn, startCodegenStandIn } from '../standins/codegen/index.js';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';
import { type LinearStandIn, startLinearStandIn, TEST_API_KEY } from '../standins/linear/index.js';
import { type ProxyStandIn, startProxyStandIn } from '../standins/proxy/index.js';

const run = promisify(execFile);

let proxy: ProxyStandIn;
let gh: GitHubStandIn;
let linear: LinearStandIn;
let codegen: CodegenStandIn;
let dir: string;

const GIT_BASIC = Buffer.from('x-access-token:ghs_test').toString('base64');
const hostOf = (url: string) => new URL(url).host;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'proxy-clients-'));
  const bare = join(dir, 'widgets.git');
  const work = join(dir, 'work');
  await run('git', ['init', '-q', '--bare', '-b', 'main', bare]);
  await run('git', ['init', '-q', '-b', 'main', work]);
  await writeFile(join(work, 'README.md'), 'hello\n');
  await run('git', ['-C', work, 'add', '.']);
  await run('git', [
    '-C',
    work,
    '-c',
    'user.name=t',
    '-c',
    'user.email=t@e',
    'commit',
    '-q',
    '-m',
    'initial',
  ]);
  await run('git', ['-C', work, 'push', '-q', bare, 'main']);
  [proxy, gh, linear, codegen] = await Promise.all([
    startProxyStandIn(),
    startGitHubStandIn(),
    startLinearStandIn({ clock: new InstantClock() }),
    startCodegenStandIn({ clock: testClock(), repos: ['acme/widgets'] }),
  ]);
  gh.state.addRepo({ owner: 'acme', repo: 'widgets', gitDir: bare });
});

afterEach(async () => {
  await Promise.all([proxy.close(), gh.close(), linear.close(), codegen.close()]);
  await rm(dir, { recursive: true, force: true });
});

/** One request from each client the action has, with `env` as the runner's environment. */
async function useEveryClient(env: NodeJS.ProcessEnv): Promise<void> {
  const proxies = readProxyEnvironment(env);
  const github = createGitHubClient({ token: 'ghs_test', baseUrl: gh.url, proxies, timeoutMs: 5_000 });
  expect((await github.rest.repos.get({ owner: 'acme', repo: 'widgets' })).data.full_name).toBe(
    'acme/widgets',
  );

  const gateway = new SdkLinearGateway({
    client: createLinearClient({ credential: TEST_API_KEY, apiUrl: linear.url, proxies }),
    clock: new InstantClock(),
    logger: new MemoryLogger(),
    random: () => 0.5,
    timeoutMs: 5_000,
  });
  expect((await gateway.viewer()).name).toBe('Cyrus Bot');

  const cloud = new CodegenClient({
    token: 'cg_test_token',
    orgId: 42,
    baseUrl: codegen.url,
    clock: testClock(),
    proxies,
    timeoutMs: 5_000,
  });
  expect((await cloud.listRepositories()).items.map((r) => r.full_name)).toEqual(['acme/widgets']);

  // git reads the proxy from its environment (the runner hands it both cases of each variable).
  const out = await new Git({ sourceEnv: { PATH: process.env.PATH, HOME: dir, ...env } }).run(
    [
      '-c',
      `http.extraHeader=Authorization: basic ${GIT_BASIC}`,
      'ls-remote',
      `${gh.url}/acme/widgets.git`,
      'main',
    ],
    { cwd: dir, env: { GIT_CONFIG_GLOBAL: '/dev/null' } },
  );
  expect(out.stdout).toMatch(/^[0-9a-f]{40}\trefs\/heads\/main$/m);
}

describe('every client honours HTTP(S)_PROXY and NO_PROXY', () => {
  it('sends GitHub, Linear, Codegen and git requests through the proxy, counted per target', async () => {
    await useEveryClient({ HTTP_PROXY: proxy.url });
    const counts = proxy.counts();
    expect(counts[hostOf(gh.url)]).toBeGreaterThanOrEqual(2); // the API call and git's smart HTTP
    expect(counts[hostOf(linear.url)]).toBe(1);
    expect(counts[hostOf(codegen.url)]).toBe(1);
    expect(proxy.log.filter((l) => l.includes('/acme/widgets.git/info/refs'))).toHaveLength(1);
    // Each stand-in saw the request: the proxy forwarded it rather than answering itself.
    expect(gh.requests.map((r) => r.path)).toContain('/repos/acme/widgets');
  });

  it('takes the lower-case names too', async () => {
    await useEveryClient({ http_proxy: proxy.url });
    expect(Object.keys(proxy.counts()).sort()).toEqual(
      [hostOf(gh.url), hostOf(linear.url), hostOf(codegen.url)].sort(),
    );
  });

  it('sends the hosts NO_PROXY names direct, and only those', async () => {
    const direct = `${hostOf(linear.url)},${hostOf(codegen.url)}`;
    await useEveryClient({ HTTP_PROXY: proxy.url, NO_PROXY: direct });
    expect(Object.keys(proxy.counts())).toEqual([hostOf(gh.url)]);
    proxy.log.length = 0;
    await useEveryClient({ HTTP_PROXY: proxy.url, no_proxy: '127.0.0.1' });
    expect(proxy.log).toEqual([]);
  });

  it('connects directly when no proxy is set', async () => {
    await useEveryClient({});
    expect(proxy.log).toEqual([]);
  });
});

import { readFileSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBaseMcpConfig } from '../../src/claude/index.js';
import { createGitHubClient, readBaseBranchFile } from '../../src/github/index.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';

const OWNER = 'acme';
const repository = { owner: OWNER, repo: 'widgets' };
const bare = { owner: OWNER, repo: 'bare' };
const BASE = {
  mcpServers: {
    fetcher: { command: 'npx', args: ['-y', '@scope/fetch-mcp'] },
    local: { command: './tools/mcp.sh' },
  },
};

let gh: GitHubStandIn;
beforeAll(async () => {
  gh = await startGitHubStandIn();
  gh.state.addRepo({ owner: OWNER, repo: 'widgets' });
  gh.state.addRepo({ owner: OWNER, repo: 'bare' });
});
afterAll(() => gh.close());

const client = () =>
  createGitHubClient({ token: 'ghs_test', baseUrl: gh.url, throttleId: `mcp-${Math.random()}` });

describe('loadBaseMcpConfig: the base branch’s .mcp.json through the contents API', () => {
  it('reads it at the base branch’s commit, never a PR branch’s, and writes the usable servers outside the checkout', async () => {
    gh.state.putFile(OWNER, 'widgets', 'main', '.mcp.json', JSON.stringify(BASE));
    const head = gh.state.branchSha(OWNER, 'widgets', 'main') ?? '';
    // A PR branch's own .mcp.json adds a server: it must never be read.
    const created = await client().rest.git.createRef({ ...repository, ref: 'refs/heads/pr', sha: head });
    expect(created.status).toBe(201);
    gh.state.putFile(
      OWNER,
      'widgets',
      'pr',
      '.mcp.json',
      JSON.stringify({ mcpServers: { evil: { command: 'sh' } } }),
    );
    const dir = await mkdtemp(join(tmpdir(), 'mcp-out-'));
    const logger = new MemoryLogger();
    const before = gh.requests.length;

    const read = (file: string) => readBaseBranchFile(client(), repository, file);
    const loaded = await loadBaseMcpConfig({ read, dir: join(dir, 'mcp'), logger });

    expect(loaded.sha).toBe(head);
    expect(loaded.servers).toEqual(['fetcher']);
    expect(loaded.file?.startsWith(join(dir, 'mcp'))).toBe(true);
    const written = JSON.parse(readFileSync(loaded.file ?? '', 'utf8'));
    expect(written).toEqual({
      mcpServers: { fetcher: { command: 'npx', args: ['-y', '@scope/fetch-mcp'], env: {} } },
    });
    expect(statSync(loaded.file ?? '').mode & 0o777).toBe(0o644);
    expect(logger.text()).toContain(
      `warning: MCP server "local" of .mcp.json on main (${head.slice(0, 7)}) is not given to Claude Code: its command ./tools/mcp.sh is a path inside the working tree`,
    );
    const contents = gh.requests.slice(before).filter((r) => r.path.includes('/contents/'));
    expect(contents.map((r) => [r.path, r.query.ref])).toEqual([
      [`/repos/${OWNER}/widgets/contents/.mcp.json`, head],
    ]);
  });

  it('no .mcp.json on the base branch: no servers and no file', async () => {
    const logger = new MemoryLogger();
    const loaded = await loadBaseMcpConfig({
      read: (path) => readBaseBranchFile(client(), bare, path),
      dir: await mkdtemp(join(tmpdir(), 'mcp-out-')),
      logger,
    });
    expect(loaded).toMatchObject({ servers: [] });
    expect(loaded.file).toBeUndefined();
    expect(logger.text()).toContain('MCP servers: none (main has no .mcp.json)');
  });

  it('a .mcp.json that does not parse is an error naming the file and the commit', async () => {
    gh.state.putFile(OWNER, 'bare', 'main', '.mcp.json', '{ nope');
    const sha = gh.state.branchSha(OWNER, 'bare', 'main') ?? '';
    await expect(
      loadBaseMcpConfig({
        read: (path) => readBaseBranchFile(client(), bare, path),
        dir: await mkdtemp(join(tmpdir(), 'mcp-out-')),
        logger: new MemoryLogger(),
      }),
    ).rejects.toThrow(`.mcp.json on main (${sha.slice(0, 7)}) is not JSON`);
  });
});

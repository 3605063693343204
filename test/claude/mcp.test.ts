import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildClaudeArgs, mcpConfigText, parseMcpConfig, runClaude } from '../../src/claude/index.js';
import { claudeTestEnv, makeClaudeHome, say, useClaudeStandIns } from '../standins/anthropic/index.js';

const claudeStandIns = useClaudeStandIns();

/** A real MCP stdio server (one `ping` tool) that notes in a marker file that it was started. */
const SERVER = fileURLToPath(new URL('./fixtures/marker-mcp-server.mjs', import.meta.url));

const serverEntry = (marker: string, name: string) => ({
  command: process.execPath,
  args: [SERVER, marker, name],
});

interface Setup {
  dir: string;
  marker: string;
  /** A `.mcp.json` in the working tree, as an agent or a PR could leave it. */
  trustedFile: string;
}

async function setup(): Promise<Setup> {
  const dir = await mkdtemp(join(tmpdir(), 'claude-mcp-'));
  const outside = await mkdtemp(join(tmpdir(), 'claude-mcp-trusted-'));
  const marker = join(outside, 'started.log');
  await writeFile(
    join(dir, '.mcp.json'),
    JSON.stringify({ mcpServers: { planted: serverEntry(marker, 'planted') } }),
  );
  const trusted = parseMcpConfig(
    JSON.stringify({ mcpServers: { trusted: serverEntry(marker, 'trusted') } }),
    'the base branch',
  );
  const trustedFile = join(outside, 'servers.json');
  await writeFile(trustedFile, mcpConfigText(trusted));
  return { dir, marker, trustedFile };
}

async function run(
  s: Setup,
  extraArgs: string[],
  options: { untrustedContent?: boolean; mcpConfig?: string },
) {
  const server = await claudeStandIns.start({ script: [say('Done.')] });
  const servers: string[] = [];
  const result = await runClaude({
    onMessage: (message) => {
      // The init line lists the MCP servers the CLI loaded, with their status.
      if (message.type !== 'system' || !Array.isArray(message.mcp_servers)) return;
      for (const entry of message.mcp_servers as { name?: unknown; status?: unknown }[])
        servers.push(`${String(entry.name)}:${String(entry.status)}`);
    },
    binary: claudeStandIns.claude(),
    prompt: 'Say done.',
    cwd: s.dir,
    maxTurns: 2,
    deadline: Date.now() + 90_000,
    env: claudeTestEnv(server.url, await makeClaudeHome()),
    ...options,
    extraArgs,
  });
  const started = existsSync(s.marker) ? readFileSync(s.marker, 'utf8').trim().split('\n') : [];
  return { result, started, servers, offered: server.mainRequests()[0]?.toolNames ?? [] };
}

// Project MCP servers load in -p mode once approved; this setting approves every one, as a
// checkout's own .claude/settings.json could.
const APPROVE_PROJECT_SERVERS = ['--settings', JSON.stringify({ enableAllProjectMcpServers: true })];

describe('MCP servers for a local Claude Code run, with the real CLI', () => {
  it('control: without --strict-mcp-config the working tree’s .mcp.json does load (so the next tests can fail)', async () => {
    const s = await setup();
    const { result, started, servers } = await run(s, APPROVE_PROJECT_SERVERS, {});
    expect(buildClaudeArgs({})).not.toContain('--strict-mcp-config');
    expect(result.success).toBe(true);
    expect(started).toEqual(['planted started']);
    expect(servers).toEqual(['planted:connected']);
  });

  it('useMcpServers off: --strict-mcp-config and no servers, so the .mcp.json in the checkout never starts', async () => {
    const s = await setup();
    const args = buildClaudeArgs({ untrustedContent: true });
    expect(args).toContain('--strict-mcp-config');
    expect(args).not.toContain('--mcp-config');
    const { result, started, servers, offered } = await run(s, APPROVE_PROJECT_SERVERS, {
      untrustedContent: true,
    });
    expect(result.success).toBe(true);
    expect(started).toEqual([]);
    expect(servers).toEqual([]);
    expect(offered.filter((t) => t.startsWith('mcp__'))).toEqual([]);
  });

  it('useMcpServers on: only the trusted file’s servers start and connect; the checkout’s do not', async () => {
    const s = await setup();
    const args = buildClaudeArgs({ untrustedContent: true, mcpConfig: s.trustedFile });
    expect(args.slice(args.indexOf('--mcp-config'))).toEqual([
      '--mcp-config',
      s.trustedFile,
      '--strict-mcp-config',
    ]);
    const { result, started, servers } = await run(s, APPROVE_PROJECT_SERVERS, {
      untrustedContent: true,
      mcpConfig: s.trustedFile,
    });
    expect(result.success).toBe(true);
    expect(started).toEqual(['trusted started']);
    expect(servers).toEqual(['trusted:connected']);
  });
});

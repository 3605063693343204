import { describe, expect, it } from 'vitest';
import { mcpConfigArgs, parseMcpConfig } from '../../src/claude/index.js';

const file = (mcpServers: Record<string, unknown>) => JSON.stringify({ mcpServers });

describe('the base branch’s .mcp.json', () => {
  it('keeps servers that can work in the sandbox and refuses the others by name, with why', () => {
    const parsed = parseMcpConfig(
      file({
        fetcher: { command: 'npx', args: ['-y', '@scope/fetch-mcp'] },
        docs: { type: 'http', url: 'https://mcp.example.com/mcp' },
        local: { command: './scripts/mcp.js' },
        boxed: { command: 'docker', args: ['run', 'mcp/thing'] },
        secret: { command: 'npx', args: ['x'], env: { TOKEN: '${GITHUB_TOKEN}' } },
        headed: {
          type: 'sse',
          url: 'https://mcp.example.com/sse',
          headers: { Authorization: 'Bearer ${KEY}' },
        },
        hidden: { command: '/tmp/server' },
        odd: { type: 'websocket', url: 'wss://x' },
      }),
      '.mcp.json on main (abc1234)',
    );
    expect(Object.keys(parsed.servers)).toEqual(['fetcher', 'docs']);
    expect(parsed.servers.fetcher).toEqual({ command: 'npx', args: ['-y', '@scope/fetch-mcp'], env: {} });
    expect(Object.fromEntries(parsed.refused.map((r) => [r.name, r.reason]))).toEqual({
      local: 'its command ./scripts/mcp.js is a path inside the working tree, which the agent can change',
      boxed: 'docker needs a daemon socket the sandbox hides',
      secret: 'it reads ${VAR} from the environment, and the agent gets only an allow-listed one',
      headed: 'it reads ${VAR} from the environment, and the agent gets only an allow-listed one',
      hidden: 'its command /tmp/server is in a directory the sandbox hides',
      odd: expect.stringMatching(/^it does not parse: /),
    });
  });

  it('a file that is not JSON, or not an MCP config, is an error naming it and what to do', () => {
    expect(() => parseMcpConfig('{', '.mcp.json on main')).toThrow(
      /^\.mcp\.json on main is not JSON .*turn codegen\.features\.useMcpServers off$/,
    );
    expect(() => parseMcpConfig('{"mcpServers": []}', '.mcp.json on main')).toThrow(
      /^\.mcp\.json on main is not an MCP config/,
    );
    expect(() => parseMcpConfig(file({ 'bad name!': { command: 'x' } }), 'f')).toThrow(/not an MCP config/);
  });

  it('always passes --strict-mcp-config; --mcp-config only with a file', () => {
    expect(mcpConfigArgs(undefined)).toEqual(['--strict-mcp-config']);
    expect(mcpConfigArgs('/run/x.json')).toEqual(['--mcp-config', '/run/x.json', '--strict-mcp-config']);
  });
});

import { z } from 'zod';

/** Where the servers file is mounted (read-only) inside the sandbox: outside the agent's directory. */
export const SANDBOX_MCP_CONFIG = '/run/cyrus-sandbox/mcp/servers.json';

const StdioServer = z.strictObject({
  type: z.literal('stdio').optional(),
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
});
const RemoteServer = z.strictObject({
  type: z.enum(['http', 'sse']),
  url: z.string().url(),
  headers: z.record(z.string(), z.string()).default({}),
});
export const McpServer = z.union([StdioServer, RemoteServer]);
export type McpServer = z.infer<typeof McpServer>;

/** A `.mcp.json` as Claude Code reads it: `{ "mcpServers": { name: server } }`. */
export const McpConfigFile = z.object({
  mcpServers: z.record(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), z.unknown()).default({}),
});

export interface McpServers {
  /** The servers that will be given to Claude Code, by name. */
  servers: Record<string, McpServer>;
  /** Servers declared but not given, with why, for a warning. */
  refused: { name: string; reason: string }[];
}

/** Directories the sandbox hides or empties: a server started from there cannot be found. */
const HIDDEN_IN_SANDBOX = ['/tmp/', '/var/tmp/', '/run/', '/dev/shm/', '/root/'];
/** Commands that need a daemon's socket, which the sandbox hides. */
const NEEDS_DAEMON = new Set(['docker', 'podman', 'nerdctl']);

/**
 * Why a server cannot work in the agent's sandbox, or undefined when it can. A relative command
 * would run a file of the agent's own directory (content the agent writes, never trusted); a
 * `${VAR}` reference would need a variable the agent's allow-listed environment does not carry
 * (and could carry a secret to the server).
 */
export function sandboxRefusal(server: McpServer): string | undefined {
  const refs = [...Object.values('command' in server ? server.env : server.headers)];
  if ('command' in server) {
    const command = server.command;
    if (!command.startsWith('/') && command.includes('/'))
      return `its command ${command} is a path inside the working tree, which the agent can change`;
    if (HIDDEN_IN_SANDBOX.some((dir) => command.startsWith(dir)))
      return `its command ${command} is in a directory the sandbox hides`;
    if (NEEDS_DAEMON.has(command.split('/').at(-1) ?? command))
      return `${command} needs a daemon socket the sandbox hides`;
    refs.push(command, ...server.args);
  } else refs.push(server.url);
  if (refs.some((value) => /\$\{[^}]*\}/.test(value)))
    return 'it reads ${VAR} from the environment, and the agent gets only an allow-listed one';
  return undefined;
}

/**
 * The servers of a `.mcp.json` text that can work in the sandbox; a server that does not parse
 * or cannot work there is refused with its reason. A file that is not JSON or has no
 * `mcpServers` object is an error naming the file.
 */
export function parseMcpConfig(text: string, where: string): McpServers {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `${where} is not JSON (${String(error)}); fix it or turn codegen.features.useMcpServers off`,
    );
  }
  const file = McpConfigFile.safeParse(json);
  if (!file.success) {
    throw new Error(
      `${where} is not an MCP config ({"mcpServers": {...}}): ${z.prettifyError(file.error)}; fix it or turn codegen.features.useMcpServers off`,
    );
  }
  const out: McpServers = { servers: {}, refused: [] };
  for (const [name, raw] of Object.entries(file.data.mcpServers)) {
    const parsed = McpServer.safeParse(raw);
    if (!parsed.success) {
      out.refused.push({
        name,
        reason: `it does not parse: ${z.prettifyError(parsed.error).split('\n')[0]}`,
      });
      continue;
    }
    const refusal = sandboxRefusal(parsed.data);
    if (refusal) out.refused.push({ name, reason: refusal });
    else out.servers[name] = parsed.data;
  }
  return out;
}

/** The file given to `--mcp-config`. */
export function mcpConfigText(servers: McpServers): string {
  return `${JSON.stringify({ mcpServers: servers.servers }, null, 2)}\n`;
}

/**
 * The CLI flags for a run's MCP servers. `--strict-mcp-config` always: only servers from
 * `--mcp-config` load, never a `.mcp.json` or settings of the checkout. With no config file the
 * run has no MCP server at all.
 */
export function mcpConfigArgs(configFile: string | undefined): string[] {
  return configFile ? ['--mcp-config', configFile, '--strict-mcp-config'] : ['--strict-mcp-config'];
}

import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BaseBranchFile } from '../github/index.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { mcpConfigText, parseMcpConfig } from './mcp-config.js';

export const MCP_CONFIG_FILE = '.mcp.json';

export interface BaseMcpConfig {
  /** The servers file on the runner, outside every agent's directory; unset when no server is given. */
  file?: string;
  /** Names of the servers given. */
  servers: string[];
  /** The commit it was read at. */
  sha: string;
}

/**
 * The MCP servers the base branch declares in `.mcp.json`, read at the branch's commit (trusted
 * content: never a PR's or an agent's copy) and written to a file under `dir` for `--mcp-config`.
 * Servers that cannot work in the sandbox are left out with a warning that names them. No file on
 * the base branch means no server.
 */
export async function loadBaseMcpConfig(options: {
  /** Reads a file of the base branch at its commit (`readBaseBranchFile`). */
  read: (path: string) => Promise<BaseBranchFile>;
  dir: string;
  logger: Logger;
}): Promise<BaseMcpConfig> {
  const { logger } = options;
  const { text, branch, sha } = await options.read(MCP_CONFIG_FILE).catch((error: unknown) => {
    throw new Error(`could not read ${MCP_CONFIG_FILE} of the base branch: ${errorMessage(error)}`);
  });
  const where = `${MCP_CONFIG_FILE} on ${branch} (${sha.slice(0, 7)})`;
  if (text === null) {
    logger.info(`MCP servers: none (${branch} has no ${MCP_CONFIG_FILE})`);
    return { servers: [], sha };
  }
  const parsed = parseMcpConfig(text, where);
  for (const { name, reason } of parsed.refused)
    logger.warning(`MCP server "${name}" of ${where} is not given to Claude Code: ${reason}`);
  const servers = Object.keys(parsed.servers);
  if (servers.length === 0) {
    logger.info(`MCP servers: none usable in ${where}`);
    return { servers, sha };
  }
  await mkdir(options.dir, { recursive: true });
  const file = join(options.dir, `mcp-${sha.slice(0, 12)}.json`);
  await writeFile(file, mcpConfigText(parsed));
  // Read by the sandbox's own user through a read-only mount.
  await chmod(file, 0o644);
  logger.info(`MCP servers from ${where}: ${servers.join(', ')}`);
  return { file, servers, sha };
}

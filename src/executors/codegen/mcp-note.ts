import type { Logger } from '../../util/logger.js';

const told = new WeakSet<object>();

/**
 * Said once per job (per settings object, which every executor of the job shares): Codegen's API
 * takes no MCP servers, so `features.useMcpServers` changes nothing for its runs.
 */
export function noteNoMcpSwitch(settings: { mcpServers?: boolean }, logger: Logger): void {
  if (!settings.mcpServers || told.has(settings)) return;
  told.add(settings);
  logger.info(
    "codegen.features.useMcpServers is on, but Codegen runs get no MCP servers from .mcp.json: Codegen's API has no MCP setting (configure MCP in Codegen's own settings); only local Claude Code runs get them",
  );
}

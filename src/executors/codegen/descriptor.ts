import type { ResolvedConfig } from '../../config/resolve.js';
import type { ExecutorDescriptor } from '../../domain/index.js';
import { CodegenExecutor, type CodegenExecutorOptions, type CodegenExecutorSettings } from './executor.js';

/** The executor settings the resolved config decides (pricing, agent type, model). */
export function codegenSettingsFrom(config: ResolvedConfig['codegen']): CodegenExecutorSettings {
  return {
    pricing: config.pricing,
    agentType: config.agentType,
    model: config.model,
    repoId: config.repoId,
    tracing: config.features.enableTracing,
    mcpServers: config.features.useMcpServers,
  };
}

/**
 * Registers Codegen with the ExecutorRegistry. Every executor it creates shares the job's client
 * (rate limits, circuit breaker) and monitor (one poller), so parallel tasks cost no extra reads.
 */
export function codegenExecutorDescriptor(options: CodegenExecutorOptions): ExecutorDescriptor {
  const name = options.name ?? 'codegen';
  return {
    name,
    location: 'cloud',
    capabilities: {
      needsRunner: false,
      detaches: true,
      honoursCostCap: false,
      resumesWithEvidence: true,
      tracing: true,
      mcpServers: false,
    },
    create: () => new CodegenExecutor({ ...options, name }),
  };
}

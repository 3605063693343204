import type { ResolvedConfig } from '../../config/resolve.js';
import type { ExecutorCapabilities, ExecutorDescriptor } from '../../domain/index.js';
import { expectedCodegenCost } from './cost.js';
import { CodegenExecutor } from './executor.js';
import type { CodegenExecutorOptions, CodegenExecutorSettings } from './options.js';

export const CODEGEN_EXECUTOR_NAME = 'codegen';
export const CODEGEN_LABEL = 'Codegen';

/**
 * Codegen runs in its cloud: a run goes on after the job ends and a later job follows it; its API
 * takes no cost cap (its estimate must fit); a failed run is resumed with the evidence.
 */
export const CODEGEN_CAPABILITIES: ExecutorCapabilities = {
  needsRunner: false,
  detaches: true,
  honoursCostCap: false,
  resumesWithEvidence: true,
  tracing: true,
  mcpServers: false,
};

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
  const name = options.name ?? CODEGEN_EXECUTOR_NAME;
  return {
    name,
    label: CODEGEN_LABEL,
    capabilities: CODEGEN_CAPABILITIES,
    availability: () =>
      options.client.isAvailable()
        ? { ok: true }
        : { ok: false, reason: 'Codegen keeps failing (circuit breaker open)' },
    expectedCostUsd: (task) => expectedCodegenCost(options.settings.pricing, task.size).usd,
    sessionPullRequests: async (sessionId) => {
      const runId = Number(sessionId);
      if (!Number.isSafeInteger(runId) || runId <= 0) return [];
      const run = await options.client.getRun(runId);
      return (run.github_pull_requests ?? []).flatMap((p) =>
        p.url ? [{ url: p.url, headBranch: p.head_branch_name ?? undefined }] : [],
      );
    },
    create: () => new CodegenExecutor({ ...options, name }),
  };
}

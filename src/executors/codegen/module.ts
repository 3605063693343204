import { CodegenClient, CodegenRunMonitor } from '../../codegen/index.js';
import type { ExecutorModule } from '../module.js';
import {
  CODEGEN_CAPABILITIES,
  CODEGEN_EXECUTOR_NAME,
  CODEGEN_LABEL,
  codegenExecutorDescriptor,
  codegenSettingsFrom,
} from './descriptor.js';
import { probeCodegen } from './probe.js';
import { CodegenRepoIdResolver } from './repo-id.js';

/**
 * Codegen's cloud agents, when the config enables Codegen and the job has its token and org id.
 * One client (rate limits, breaker) and one poller for every task of the job.
 */
export const codegenExecutorModule: ExecutorModule = {
  kind: CODEGEN_EXECUTOR_NAME,
  label: CODEGEN_LABEL,
  capabilities: CODEGEN_CAPABILITIES,
  needsSafeCheckout: false,
  status: {
    id: 'cloud',
    name: 'Cloud Executor (Codegen)',
    alwaysRequired: false,
    alwaysShown: true,
    probe: probeCodegen,
  },
  async start({ config, credentials, repository, github, clock, logger }) {
    const token = credentials.codegenApiToken;
    const orgId = config.codegen.orgId;
    if (!config.codegen.configured || !token || orgId === undefined)
      return { ok: false, reason: 'Codegen is not configured (codegen-api-token and codegen-org-id)' };
    const client = new CodegenClient({ token, orgId, baseUrl: credentials.codegenApiUrl, clock, logger });
    const monitor = new CodegenRunMonitor(client, { logger });
    const descriptor = codegenExecutorDescriptor({
      client,
      monitor,
      gateway: github,
      logger,
      settings: codegenSettingsFrom(config.codegen),
      ...(config.codegen.repoId === undefined
        ? { repoIds: new CodegenRepoIdResolver(client, `${repository.owner}/${repository.repo}`) }
        : {}),
    });
    return { ok: true, descriptor, close: () => monitor.close() };
  },
};

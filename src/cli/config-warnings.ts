import { type ConfigFile, resolveConfig } from '../config/index.js';
import { errorMessage } from '../util/errors.js';

/**
 * What a valid file still cannot do as written: a cloud strategy without Codegen is refused by the
 * action (unless the workflow passes the org id), and a strategy that would use Codegen runs every
 * task locally when Codegen is not set up. Warnings, not refusals: the inputs can supply the rest.
 */
export function configWarnings(config: ConfigFile): string[] {
  try {
    resolveConfig(config, {}, { hasCodegenToken: true });
  } catch (error) {
    return [`${errorMessage(error)} (unless the workflow passes it as an input)`];
  }
  const strategy = config.codegen?.strategy;
  if (strategy !== 'hybrid-smart' && strategy !== 'cost-optimized') return [];
  const missing =
    config.codegen?.enabled === false
      ? 'codegen.enabled is false'
      : config.codegen?.orgId === undefined
        ? 'codegen.orgId is not set'
        : undefined;
  if (!missing) return [];
  return [
    `codegen.strategy ${strategy} chooses between Claude Code and Codegen, but ${missing}: every task will run ` +
      'locally (as local-only) unless the workflow passes `codegen-org-id`; run `cyrus codegen setup` to set Codegen up.',
  ];
}

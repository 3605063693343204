export { loadConfigFromRef, type RefFileReader } from './base-branch.js';
export { ConfigError, type ConfigProblem } from './errors.js';
export { DEFAULT_CONFIG_FILES, type LoadedConfig, loadConfigFile, parseConfigText } from './load.js';
export {
  type ConfigOverrides,
  DEFAULTS,
  matchRepository,
  type ResolveContext,
  type ResolvedConfig,
  resolveConfig,
} from './resolve.js';
export { ConfigFile, STRATEGIES, Strategy } from './schema.js';

import { ConfigError } from './errors.js';
import { DEFAULT_CONFIG_FILES, type LoadedConfig, parseConfigText } from './load.js';
import { ConfigFile } from './schema.js';

/** Reads one file of the repository at a ref (the contents API); null when it is not there. */
export type RefFileReader = (path: string) => Promise<string | null>;

/**
 * The config as the base branch has it (a security rule): on pull_request events the workspace holds the
 * PR's merge commit, and a PR must not choose its own `validation.command` or `review`.
 */
export async function loadConfigFromRef(
  read: RefFileReader,
  ref: string,
  explicit?: string,
): Promise<LoadedConfig & { ref: string }> {
  for (const candidate of explicit ? [explicit] : DEFAULT_CONFIG_FILES) {
    const text = await read(candidate);
    if (text !== null) return { file: candidate, config: parseConfigText(text, candidate), ref };
  }
  if (explicit) {
    throw new ConfigError(explicit, [
      {
        path: '',
        message: `the file does not exist on the base branch ${ref}; check the \`config-file\` input`,
      },
    ]);
  }
  return { file: null, config: ConfigFile.parse({}), ref };
}

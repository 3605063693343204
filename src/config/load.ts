import { existsSync } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError, describeIssues } from './errors.js';
import { ConfigFile } from './schema.js';
import { findCommittedSecrets } from './secrets.js';

export const DEFAULT_CONFIG_FILES = [
  '.github/cyrus.yml',
  '.github/cyrus.yaml',
  '.github/cyrus.json',
] as const;

export interface LoadedConfig {
  /** Path relative to the workspace, or null when no file exists and defaults apply. */
  file: string | null;
  config: ConfigFile;
}

/**
 * Finds and validates the repository config. An explicitly named file must exist; the default
 * names are optional. Every problem is reported at once, each with its key path.
 */
export async function loadConfigFile(workspace: string, explicit?: string): Promise<LoadedConfig> {
  const candidates = explicit ? [explicit] : DEFAULT_CONFIG_FILES;
  const found = candidates.find((c) => existsSync(path.resolve(workspace, c)));
  if (!found) {
    if (explicit) {
      throw new ConfigError(explicit, [
        {
          path: '',
          message: `the file does not exist in ${workspace}; check the \`config-file\` input or create it with \`cyrus init\``,
        },
      ]);
    }
    return { file: null, config: ConfigFile.parse({}) };
  }
  // Read only a regular file: a symlink (to /proc/self/environ, say) would put what it points at
  // into the error message of a parse failure.
  const info = await lstat(path.resolve(workspace, found));
  if (!info.isFile()) {
    throw new ConfigError(found, [
      {
        path: '',
        message: `is ${info.isSymbolicLink() ? 'a symlink' : 'not a regular file'}; the config must be a regular file in the repository`,
      },
    ]);
  }
  const text = await readFile(path.resolve(workspace, found), 'utf8');
  return { file: found, config: parseConfigText(text, found) };
}

/** Parses and validates config text; `name` decides the syntax (.json or YAML) and labels errors. */
export function parseConfigText(text: string, name: string): ConfigFile {
  if (text.trim() === '') {
    throw new ConfigError(name, [
      {
        path: '',
        message: 'the file is empty; add settings (see `cyrus init`) or delete the file to use the defaults',
      },
    ]);
  }
  const raw = name.endsWith('.json') ? parseJson(text, name) : parseYaml(text, name);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(name, [
      {
        path: '',
        message: `expected a mapping of settings at the top level, found ${Array.isArray(raw) ? 'a list' : JSON.stringify(raw)}`,
      },
    ]);
  }
  const secrets = findCommittedSecrets(raw);
  if (secrets.length > 0) throw new ConfigError(name, secrets);
  const parsed = ConfigFile.safeParse(raw);
  if (!parsed.success) throw new ConfigError(name, describeIssues(parsed.error.issues, raw));
  return parsed.data;
}

function parseYaml(text: string, name: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      name,
      doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        const where = pos ? `line ${pos.line}, column ${pos.col}` : 'YAML';
        return { path: where, message: `YAML syntax error: ${e.message.split('\n')[0]}` };
      }),
    );
  }
  return doc.toJS();
}

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message)?.[1];
    let where = 'JSON';
    if (position !== undefined) {
      const before = text.slice(0, Number(position));
      const line = before.split('\n').length;
      where = `line ${line}, column ${Number(position) - before.lastIndexOf('\n')}`;
    }
    throw new ConfigError(name, [{ path: where, message: `JSON syntax error: ${message}` }]);
  }
}

import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, parseDocument, type Scalar } from 'yaml';
import { ConfigError, type ConfigFile, DEFAULT_CONFIG_FILES, parseConfigText } from '../config/index.js';
import { placeAtCommentedExample } from './config-comments.js';

/** The config file a command reads or edits. */
export interface ConfigTarget {
  /** As given or found, relative to cwd (`.github/cyrus.yml`). */
  file: string;
  absolute: string;
  exists: boolean;
  format: 'yaml' | 'json';
}

/** `--config`, else the first default name that exists, else `.github/cyrus.yml` (to be created). */
export function locateConfig(cwd: string, explicit?: string): ConfigTarget {
  const candidates = explicit ? [explicit] : DEFAULT_CONFIG_FILES;
  const found = candidates.find((c) => existsSync(path.resolve(cwd, c)));
  const file = found ?? explicit ?? DEFAULT_CONFIG_FILES[0];
  return {
    file,
    absolute: path.resolve(cwd, file),
    exists: found !== undefined,
    format: file.endsWith('.json') ? 'json' : 'yaml',
  };
}

export async function readConfigText(target: ConfigTarget): Promise<string> {
  return target.exists ? readFile(target.absolute, 'utf8') : '';
}

/** One change: a value to set, or `undefined` to remove the key. */
export interface ConfigChange {
  path: readonly string[];
  value: unknown;
  /** The value as typed, to keep `100.0` written as `100.0`. */
  text?: string;
}

/** The file's text with the changes applied; YAML keeps its comments, key order and layout. */
export function applyChanges(target: ConfigTarget, text: string, changes: readonly ConfigChange[]): string {
  return target.format === 'json'
    ? applyJson(text, changes, target.file)
    : applyYaml(text, changes, target.file);
}

function applyYaml(text: string, changes: readonly ConfigChange[], name: string): string {
  const [only] = changes;
  const doc = parseDocument(text);
  // One new key: where the file keeps its commented example, if it has one.
  if (changes.length === 1 && only && only.value !== undefined && !doc.hasIn(only.path)) {
    return placeAtCommentedExample(
      text,
      only.path,
      only.value,
      applyYamlChanges(text, changes, name),
      only.text,
    );
  }
  return applyYamlChanges(text, changes, name);
}

function applyYamlChanges(text: string, changes: readonly ConfigChange[], name: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || (doc.contents !== null && !isMap(doc.contents))) {
    // The loader says what is wrong (a syntax error with its line, a list at the top) as ConfigError.
    parseConfigText(text, name);
  }
  for (const change of changes) {
    if (change.value === undefined) {
      if (doc.hasIn(change.path)) doc.deleteIn(change.path);
      continue;
    }
    const current = doc.getIn(change.path, true);
    const isPlain = change.value === null || typeof change.value !== 'object';
    if (isScalar(current) && isPlain) {
      // Changing the scalar in place keeps a comment written after it on the same line.
      current.value = change.value;
      keepNumberForm(current, change);
      continue;
    }
    const node = doc.createNode(change.value);
    if (isScalar(node)) keepNumberForm(node, change);
    doc.setIn(change.path, node);
  }
  return doc.toString();
}

/** `100.0` stays `100.0` rather than becoming `100`. */
function keepNumberForm(node: Scalar, change: ConfigChange): void {
  const digits = /^-?\d+\.(\d+)$/.exec(change.text?.trim() ?? '')?.[1];
  if (typeof node.value === 'number' && digits) node.minFractionDigits = digits.length;
}

function applyJson(text: string, changes: readonly ConfigChange[], name: string): string {
  const root: unknown = text.trim() === '' ? {} : JSON.parse(text);
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    parseConfigText(text, name);
    return text;
  }
  for (const change of changes) {
    let parent = root as Record<string, unknown>;
    const keys = [...change.path];
    const last = keys.pop();
    if (last === undefined) continue;
    for (const key of keys) {
      const child = parent[key];
      if (child === null || typeof child !== 'object') {
        if (change.value === undefined) break;
        parent[key] = {};
      }
      parent = parent[key] as Record<string, unknown>;
    }
    if (change.value === undefined) delete parent[last];
    else parent[last] = change.value;
  }
  const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? '  ';
  return `${JSON.stringify(root, null, indent)}\n`;
}

export type ValidatedWrite =
  | { ok: true; text: string; config: ConfigFile }
  | { ok: false; error: ConfigError };

/** Validates new file text exactly as the action's loader will; nothing is written. */
export function validateConfigText(text: string, target: ConfigTarget): ValidatedWrite {
  try {
    return { ok: true, text, config: parseConfigText(text, target.file) };
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, error };
    throw error;
  }
}

/** Replaces the file in one step (a temporary file renamed over it), keeping its permissions. */
export async function writeConfigFile(target: ConfigTarget, text: string): Promise<void> {
  await mkdir(path.dirname(target.absolute), { recursive: true });
  const mode = target.exists ? (await stat(target.absolute)).mode & 0o777 : 0o644;
  const temporary = `${target.absolute}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text, { mode });
    await rename(temporary, target.absolute);
  } finally {
    await rm(temporary, { force: true });
  }
}

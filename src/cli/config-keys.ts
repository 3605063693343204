import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigFile } from '../config/index.js';
import { didYouMean } from '../config/suggest.js';
import { UsageError } from './command.js';

/** `codegen.features.parallelExecution` → its segments, each checked against the config schema. */
export function parseKeyPath(key: string): string[] {
  const path = key.split('.');
  if (key.trim() === '' || path.some((segment) => segment === '')) {
    throw new UsageError(`"${key}" is not a config key; keys look like codegen.strategy or trigger.label`);
  }
  for (let i = 0; i < path.length; i++) {
    const segment = path[i] ?? '';
    const parent = path.slice(0, i);
    // Inside `repositories[i]` any key is kept: Cyrus has many more fields than this action reads.
    if (parent[0] === 'repositories' && parent.length >= 2) continue;
    const schema = schemaAt(parent);
    const inner = schema ? unwrap(schema) : undefined;
    if (inner instanceof z.ZodArray) {
      if (!/^\d+$/.test(segment))
        throw new UsageError(`${parent.join('.')} is a list: address an item by its index`);
      continue;
    }
    // Free-form values (a Linear filter) take any key.
    if (inner instanceof z.ZodRecord || inner instanceof z.ZodUnknown || inner instanceof z.ZodAny) continue;
    if (!(inner instanceof z.ZodObject)) {
      throw new UsageError(`${parent.join('.')} is a single value, so ${path.join('.')} does not exist`);
    }
    const keys = Object.keys(inner.shape);
    if (!keys.includes(segment)) {
      const suggestion = didYouMean(segment, keys);
      const where = parent.length > 0 ? parent.join('.') : 'the config file';
      throw new UsageError(
        `unknown config key "${path.slice(0, i + 1).join('.')}"${suggestion ? `; did you mean "${[...parent, suggestion].join('.')}"?` : ''} ` +
          `(keys of ${where}: ${keys.join(', ')})`,
      );
    }
  }
  return path;
}

/** The schema of the value at a key path, or undefined past a free-form or unknown part. */
function schemaAt(path: readonly string[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = ConfigFile;
  for (const segment of path) {
    const inner: z.ZodType | undefined = current ? unwrap(current) : undefined;
    if (inner instanceof z.ZodObject) current = inner.shape[segment] as z.ZodType | undefined;
    else if (inner instanceof z.ZodArray) current = inner.element as z.ZodType;
    else if (inner instanceof z.ZodRecord) current = inner.valueType as z.ZodType;
    else return undefined;
  }
  return current;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodDefault ||
      current instanceof z.ZodNullable
    ) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as z.ZodType;
    } else {
      return current;
    }
  }
}

/**
 * The value a command-line word stands for at a key. Text keys (a model, a label, a command)
 * take the word as it is, so `claude.model 4` stays a string; others read it as YAML, so
 * `100.0`, `true`, `[a, b]` and `{perRunUsd: 1}` are a number, a boolean, a list and a mapping.
 */
export function valueFromText(path: readonly string[], text: string): unknown {
  const schema = schemaAt(path);
  const inner = schema ? unwrap(schema) : undefined;
  if (inner instanceof z.ZodString || inner instanceof z.ZodEnum) return text;
  try {
    return parseYaml(text);
  } catch (error) {
    throw new UsageError(
      `the value "${text}" for ${path.join('.')} is not readable (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); quote lists and mappings, e.g. '[a, b]'`,
    );
  }
}

/** A value as `config get` prints it: scalars bare, collections as JSON. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

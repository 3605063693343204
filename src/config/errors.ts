import type { z } from 'zod';
import { UserError } from '../util/errors.js';
import { knownKeys } from './schema.js';
import { didYouMean } from './suggest.js';

/** One bad key: where, what was wrong, in a sentence. */
export interface ConfigProblem {
  path: string;
  message: string;
}

export class ConfigError extends UserError {
  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(
      `${file} is not a valid codegen-action config (${problems.length} problem${problems.length === 1 ? '' : 's'}); ` +
        'fix the keys below (the README lists every setting) or run `cyrus config validate`.',
      problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)),
    );
  }
}

/** Turns zod issues into problems that say the path, what was expected and what was found. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): ConfigProblem[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(path);
      return issue.keys.map((key) => {
        const suggestion = didYouMean(key, known);
        return {
          path: [...path, key].join('.'),
          message:
            `unknown key${suggestion ? `; did you mean "${suggestion}"?` : ''}` +
            (known.length > 0 ? ` (known keys here: ${known.join(', ')})` : ''),
        };
      });
    }
    const found = valueAt(input, issue.path);
    return [{ path: path.join('.'), message: `${expectation(issue)}, found ${describeValue(found)}` }];
  });
}

function expectation(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${article(issue.expected)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `expected at least ${String(issue.minimum)} ${issue.origin === 'array' ? 'item(s)' : 'character(s)'}`
        : `expected a number ${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `expected at most ${String(issue.maximum)} ${issue.origin === 'array' ? 'item(s)' : 'character(s)'}`
        : `expected a number ${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}`;
    case 'invalid_union':
      return 'expected a positive whole number (Codegen ids are integers)';
    case 'invalid_format':
      return `expected ${issue.format === 'regex' ? 'a value of the right form' : `a ${issue.format}`}`;
    case 'not_multiple_of':
      return `expected a multiple of ${String(issue.divisor)}`;
    case 'custom':
      return issue.message;
    default:
      return issue.message;
  }
}

function article(type: string): string {
  if (type === 'int') return 'a whole number';
  if (type === 'array') return 'a list';
  if (type === 'object') return 'a mapping of keys to values';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list (${truncate(JSON.stringify(value))})`;
  if (typeof value === 'object') return `a mapping (${truncate(JSON.stringify(value))})`;
  return `${truncate(JSON.stringify(value))} (${typeof value})`;
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import type { CliIO } from './io.js';

/** Exit codes scripts can rely on. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
/** A bad command line: unknown command or flag, missing or extra argument, a value of the wrong form. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Placeholder in help, e.g. `FILE` or `day|week|month|all`. */
  value?: string;
  description: string;
}

/** What every command receives: the terminal, the environment and the global flags. */
export interface CommandContext {
  io: CliIO;
  env: NodeJS.ProcessEnv;
  /** `--cwd`, else the process's working directory: the repository the command acts on. */
  cwd: string;
  /** `--config FILE`, relative to cwd; undefined means the default names. */
  configFile?: string;
  /** `--json`: print one JSON document on stdout instead of text. */
  json: boolean;
  clock: Clock;
  /** Diagnostics to stderr (debug lines only with CYRUS_DEBUG). */
  logger: Logger;
}

export type OptionValues = Record<string, string | boolean | undefined>;

export interface CommandInput {
  values: OptionValues;
  positionals: string[];
}

/**
 * One command of the `cyrus` CLI. Adding a command (`plan`, `run`, `demo`) is writing one of
 * these and registering it; main.ts does parsing, help, `--json` and exit codes for all of them.
 */
export interface CommandSpec {
  /** The words that name it: `['status']`, `['config', 'set']`. */
  path: readonly string[];
  summary: string;
  /** Positional arguments as shown in usage, e.g. `<key> <value>`. */
  args?: string;
  /** Paragraphs shown by `--help` under the usage line. */
  description: string;
  options: Record<string, OptionSpec>;
  positionals: { min: number; max: number };
  examples?: string[];
  /** Returns the exit code; throws UsageError for a bad command line, UserError for a failure to explain. */
  run(ctx: CommandContext, input: CommandInput): Promise<number>;
}

export class CommandRegistry {
  private readonly commands: CommandSpec[] = [];

  register(spec: CommandSpec): this {
    const name = spec.path.join(' ');
    if (this.commands.some((c) => c.path.join(' ') === name)) {
      throw new Error(`a command named "${name}" is already registered`);
    }
    this.commands.push(spec);
    return this;
  }

  list(): readonly CommandSpec[] {
    return this.commands;
  }

  /** The command named by the leading words, longest name first. */
  find(words: readonly string[]): CommandSpec | undefined {
    return [...this.commands]
      .sort((a, b) => b.path.length - a.path.length)
      .find((c) => c.path.every((w, i) => words[i] === w));
  }

  /** Commands whose name starts with `word` (`config` → get, set, validate). */
  group(word: string): CommandSpec[] {
    return this.commands.filter((c) => c.path.length > 1 && c.path[0] === word);
  }

  /** First words of every command, for did-you-mean. */
  heads(): string[] {
    return [...new Set(this.commands.map((c) => c.path[0] ?? ''))];
  }
}

export function stringOption(input: CommandInput, name: string): string | undefined {
  const value = input.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function booleanOption(input: CommandInput, name: string): boolean {
  return input.values[name] === true;
}

/** Prints data as JSON on stdout (the `--json` form of every command). */
export function printJson(ctx: CommandContext, data: unknown): void {
  ctx.io.out(JSON.stringify(data, null, 2));
}

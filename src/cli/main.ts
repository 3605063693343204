import { statSync } from 'node:fs';
import path from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { isCodegenError } from '../codegen/index.js';
import { didYouMean } from '../config/suggest.js';
import { type Clock, systemClock } from '../util/clock.js';
import { errorMessage, UserError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { TimeoutError } from '../util/timeout.js';
import { codegenSetupCommand } from './codegen-setup.js';
import {
  type CommandContext,
  CommandRegistry,
  type CommandSpec,
  EXIT,
  type OptionSpec,
  type OptionValues,
  UsageError,
} from './command.js';
import { configGetCommand, configSetCommand, configUnsetCommand, configValidateCommand } from './config.js';
import { demoCommand } from './demo.js';
import { commandHelp, globalHelp, groupHelp, usageLine } from './help.js';
import { initCommand } from './init.js';
import { type CliIO, processIO } from './io.js';
import { planCommand, runCommand } from './orchestrate.js';
import { statsCommand } from './stats.js';
import { statusCommand } from './status.js';
import { CLI_VERSION } from './version.js';

/** Flags every command takes. */
const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  json: { type: 'boolean', description: 'print one JSON document on stdout instead of text' },
  config: {
    type: 'string',
    value: 'FILE',
    description: 'the config file (default .github/cyrus.yml, .yaml or .json)',
  },
  cwd: {
    type: 'string',
    value: 'DIR',
    description: 'act on the repository in DIR (default: the current directory)',
  },
  help: { type: 'boolean', short: 'h', description: 'show help for the command' },
};

const NEGATIVE = '\u0000negative:';

/** Global flags that take a value, so the command words can be found around them. */
const VALUE_FLAGS = new Set(['--config', '--cwd']);

/**
 * The commands of this build. `plan`, `run` and `demo` join through `registry.register(...)` on the
 * action's composition root; nothing else here changes.
 */
export function defaultRegistry(): CommandRegistry {
  return new CommandRegistry()
    .register(statusCommand)
    .register(statsCommand)
    .register(configGetCommand)
    .register(configSetCommand)
    .register(configUnsetCommand)
    .register(configValidateCommand)
    .register(codegenSetupCommand)
    .register(initCommand)
    .register(planCommand)
    .register(runCommand)
    .register(demoCommand);
}

export interface MainDependencies {
  registry?: CommandRegistry;
  io?: CliIO;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  clock?: Clock;
}

/** Runs one command line (`process.argv`); returns the exit code: 0 ok, 1 failure, 2 usage. */
export async function main(argv: readonly string[], deps: MainDependencies = {}): Promise<number> {
  const registry = deps.registry ?? defaultRegistry();
  const io = deps.io ?? processIO();
  const env = deps.env ?? process.env;
  const args = argv.slice(2);
  let command: CommandSpec | undefined;
  let json = args.includes('--json');
  try {
    const words = commandWords(args);
    if (args.length === 0 || ((args[0] === '--help' || args[0] === '-h') && words.length === 0)) {
      const text = globalHelp(registry, GLOBAL_OPTIONS);
      if (args.length === 0) io.err(text);
      else io.out(text);
      return args.length === 0 ? EXIT.usage : EXIT.ok;
    }
    if (args[0] === '--version' || args[0] === '-v') {
      io.out(CLI_VERSION);
      return EXIT.ok;
    }
    if (words[0] === 'help') return help(io, registry, words.slice(1));
    command = registry.find(words);
    if (!command) return unknownCommand(io, registry, words, args);
    const rest = withoutWords(args, command.path.length);
    const parsed = parse(command, rest);
    json = parsed.values.json === true;
    if (parsed.values.help === true) {
      io.out(commandHelp(command, GLOBAL_OPTIONS));
      return EXIT.ok;
    }
    const { min, max } = command.positionals;
    if (parsed.positionals.length < min)
      throw new UsageError(`missing argument: ${command.args ?? ''}`.trim());
    if (parsed.positionals.length > max) {
      throw new UsageError(`unexpected argument "${parsed.positionals[max]}"`);
    }
    const ctx: CommandContext = {
      io,
      env,
      cwd: resolveCwd(deps.cwd ?? process.cwd(), parsed.values.cwd),
      configFile: typeof parsed.values.config === 'string' ? parsed.values.config : undefined,
      json,
      clock: deps.clock ?? systemClock,
      logger: stderrLogger(io, env),
    };
    return await command.run(ctx, { values: parsed.values, positionals: parsed.positionals });
  } catch (error) {
    return report(io, error, command, json, Boolean(env.CYRUS_DEBUG));
  } finally {
    io.close();
  }
}

function help(io: CliIO, registry: CommandRegistry, words: string[]): number {
  if (words.length === 0) {
    io.out(globalHelp(registry, GLOBAL_OPTIONS));
    return EXIT.ok;
  }
  const command = registry.find(words);
  if (command) {
    io.out(commandHelp(command, GLOBAL_OPTIONS));
    return EXIT.ok;
  }
  const group = registry.group(words[0] ?? '');
  if (group.length > 0) {
    io.out(groupHelp(words[0] ?? '', group));
    return EXIT.ok;
  }
  throw new UsageError(`no command "${words.join(' ')}"`);
}

function unknownCommand(io: CliIO, registry: CommandRegistry, words: string[], args: string[]): number {
  const head = words[0];
  const group = head ? registry.group(head) : [];
  if (group.length > 0) {
    const wantsHelp = args.includes('--help') || args.includes('-h');
    const sub = words[1];
    if (wantsHelp && sub === undefined) {
      io.out(groupHelp(head ?? '', group));
      return EXIT.ok;
    }
    const names = group.map((c) => c.path.slice(1).join(' '));
    const suggestion = sub ? didYouMean(sub, names) : undefined;
    io.err(
      `cyrus: ${sub ? `unknown command "${head} ${sub}"${suggestion ? `; did you mean "${head} ${suggestion}"?` : ''}` : `"${head}" needs a subcommand`}`,
    );
    io.err(groupHelp(head ?? '', group));
    return EXIT.usage;
  }
  if (!head) {
    io.err(`cyrus: no command given (${args.join(' ')})`);
    io.err(globalHelp(registry, GLOBAL_OPTIONS));
    return EXIT.usage;
  }
  const suggestion = didYouMean(head, registry.heads());
  io.err(`cyrus: unknown command "${head}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`);
  io.err(`Commands: ${registry.heads().join(', ')}. Run \`cyrus --help\` for more.`);
  return EXIT.usage;
}

/** The non-flag words before the first flag-looking argument that is not a global value flag. */
function commandWords(args: readonly string[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < args.length && words.length < 2; i++) {
    const arg = args[i] ?? '';
    if (VALUE_FLAGS.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    words.push(arg);
  }
  return words;
}

/** The arguments without the first `count` command words (global flags before them stay). */
function withoutWords(args: readonly string[], count: number): string[] {
  const rest: string[] = [];
  let removed = 0;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (VALUE_FLAGS.has(arg)) {
      rest.push(arg, args[i + 1] ?? '');
      i++;
      continue;
    }
    if (removed < count && !arg.startsWith('-')) {
      removed++;
      continue;
    }
    rest.push(arg);
  }
  return rest;
}

function parse(command: CommandSpec, args: string[]): { values: OptionValues; positionals: string[] } {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, spec] of Object.entries({ ...GLOBAL_OPTIONS, ...command.options })) {
    options[name] = spec.short ? { type: spec.type, short: spec.short } : { type: spec.type };
  }
  // A negative number is a value (`config set codegen.maxCostPerDay -5`), not a short option.
  const negative = (arg: string) => /^-\d+(\.\d+)?$/.test(arg);
  const hide = (arg: string) => (negative(arg) ? `${NEGATIVE}${arg}` : arg);
  const show = (arg: string) => (arg.startsWith(NEGATIVE) ? arg.slice(NEGATIVE.length) : arg);
  try {
    const { values, positionals } = parseArgs({
      args: args.map(hide),
      options,
      allowPositionals: true,
      strict: true,
    });
    const flat: OptionValues = {};
    for (const [name, value] of Object.entries(values)) {
      if (typeof value === 'string') flat[name] = show(value);
      else if (typeof value === 'boolean') flat[name] = value;
    }
    return { values: flat, positionals: positionals.map(show) };
  } catch (error) {
    // parseArgs explains itself ("Unknown option '--x'", "Option '--period <value>' argument missing").
    const message = errorMessage(error).split('. To specify')[0] ?? '';
    throw new UsageError(
      message.replace(/^Unknown option '([^']+)'.*$/, (_, flag: string) => {
        const known = Object.keys(options).map((o) => `--${o}`);
        const suggestion = didYouMean(flag, known);
        return `unknown option '${flag}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`;
      }),
    );
  }
}

function resolveCwd(base: string, flag: string | boolean | undefined): string {
  if (typeof flag !== 'string') return base;
  const dir = path.resolve(base, flag);
  let isDirectory = false;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    isDirectory = false;
  }
  if (!isDirectory) throw new UsageError(`--cwd ${flag} is not a directory`);
  return dir;
}

function report(
  io: CliIO,
  error: unknown,
  command: CommandSpec | undefined,
  json: boolean,
  debug: boolean,
): number {
  const usage = error instanceof UsageError;
  const message = errorMessage(error);
  if (json) io.out(JSON.stringify({ error: message, usage }, null, 2));
  if (usage) {
    io.err(`cyrus: ${message}`);
    if (command) io.err(`${usageLine(command)}\nRun \`cyrus ${command.path.join(' ')} --help\` for details.`);
    return EXIT.usage;
  }
  // Errors written for the user (bad config, a service refusing, a deadline) are printed as they are.
  if (error instanceof UserError || isCodegenError(error) || error instanceof TimeoutError) {
    io.err(message);
    return EXIT.failure;
  }
  io.err(`cyrus failed unexpectedly: ${message}${debug ? '' : ' (set CYRUS_DEBUG=1 for the stack)'}`);
  if (debug && error instanceof Error && error.stack) io.err(error.stack);
  return EXIT.failure;
}

/** Diagnostics go to stderr so that stdout stays data; debug lines only with CYRUS_DEBUG. */
function stderrLogger(io: CliIO, env: NodeJS.ProcessEnv): Logger {
  const debug = Boolean(env.CYRUS_DEBUG);
  return {
    debug: (m) => {
      if (debug) io.err(`debug: ${m}`);
    },
    info: (m) => {
      if (debug) io.err(m);
    },
    warning: (m) => io.err(`warning: ${m}`),
    error: (m) => io.err(`error: ${m}`),
    group: (_title, fn) => fn(),
  };
}

import { parseDocument, stringify as stringifyYaml } from 'yaml';
import { type ConfigError, type ConfigFile, resolveConfig } from '../config/index.js';
import { UserError } from '../util/errors.js';
import {
  type CommandContext,
  type CommandInput,
  type CommandSpec,
  EXIT,
  printJson,
  UsageError,
} from './command.js';
import {
  applyChanges,
  type ConfigChange,
  type ConfigTarget,
  locateConfig,
  readConfigText,
  validateConfigText,
  writeConfigFile,
} from './config-file.js';
import { displayValue, parseKeyPath, valueFromText } from './config-keys.js';
import { configWarnings } from './config-warnings.js';
import { readCliEnvironment } from './env.js';

const FILE_NOTE =
  'The file is `--config FILE`, else the first of .github/cyrus.yml, .github/cyrus.yaml, .github/cyrus.json ' +
  '(`config set` creates .github/cyrus.yml when none exists).';

export const configGetCommand: CommandSpec = {
  path: ['config', 'get'],
  summary: 'print a setting from the config file (or the whole file)',
  args: '[key]',
  description:
    `Prints the value the config file sets at KEY (e.g. codegen.strategy); exits 1 when the file does not set it. ` +
    'With --resolved, prints the effective setting the action would use (file, defaults and CODEGEN_ORG_ID ' +
    `together), addressed by the resolved names (strategy, budget.maxCostPerDay, codegen.pricing).\n\n${FILE_NOTE}`,
  options: { resolved: { type: 'boolean', description: 'the effective configuration, defaults included' } },
  positionals: { min: 0, max: 1 },
  examples: ['cyrus config get codegen.strategy', 'cyrus config get --resolved --json'],
  run: runGet,
};

export const configSetCommand: CommandSpec = {
  path: ['config', 'set'],
  summary: 'change a setting, validated before anything is written',
  args: '<key> <value>',
  description:
    'Sets KEY to VALUE, validates the whole file with the same schema the action loads it with, and only ' +
    'then writes it; YAML files keep their comments, key order and layout, and a new key takes the place of ' +
    'its commented example. A value the schema refuses (alone, or against another setting such as the daily ' +
    'budget, or a token, which never belongs in a committed file) is refused with the reason, the file ' +
    'untouched, exit 2; a file that was already invalid is refused with exit 1. VALUE is read as YAML: 100.0, true, ' +
    `'[a, b]' and '{perRunUsd: 1}' are a number, a boolean, a list and a mapping; text keys take it as typed.\n\n${FILE_NOTE}`,
  options: {},
  positionals: { min: 2, max: 2 },
  examples: [
    'cyrus config set codegen.strategy cost-optimized',
    'cyrus config set codegen.maxCostPerDay 100.0',
  ],
  run: runSet,
};

export const configUnsetCommand: CommandSpec = {
  path: ['config', 'unset'],
  summary: 'remove a setting (the default applies again), validated like set',
  args: '<key>',
  description: `Removes KEY from the config file after validating the result. ${FILE_NOTE}`,
  options: {},
  positionals: { min: 1, max: 1 },
  examples: ['cyrus config unset codegen.maxCostPerTask'],
  run: runUnset,
};

export const configValidateCommand: CommandSpec = {
  path: ['config', 'validate'],
  summary: 'check the config file as the action will load it',
  args: '[file]',
  description:
    'Parses and validates the config file (FILE, else --config, else the default names) and prints every ' +
    'problem with its key path, what was expected and what was found. Exits 0 when valid (or when there is ' +
    'no file: the defaults apply), 1 when not.',
  options: {},
  positionals: { min: 0, max: 1 },
  examples: ['cyrus config validate', 'cyrus config validate .github/cyrus.json --json'],
  run: runValidate,
};

async function runGet(ctx: CommandContext, input: CommandInput): Promise<number> {
  const key = input.positionals[0];
  const target = locateConfig(ctx.cwd, ctx.configFile);
  if (input.values.resolved === true) return getResolved(ctx, target, key);
  const path = key === undefined ? [] : parseKeyPath(key);
  if (!target.exists) {
    if (ctx.configFile) throw new UserError(`${target.file} does not exist.`);
    return notSet(ctx, key, target, 'there is no config file');
  }
  const raw = parseDocument(await readConfigText(target)).toJS() as unknown;
  const value = path.reduce<unknown>(
    (node, segment) =>
      node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined,
    raw ?? {},
  );
  if (value === undefined) return notSet(ctx, key, target, `${target.file} does not set it`);
  if (ctx.json) printJson(ctx, { file: target.file, key: key ?? null, value });
  else ctx.io.out(formatValue(value, target));
  return EXIT.ok;
}

function notSet(ctx: CommandContext, key: string | undefined, target: ConfigTarget, why: string): number {
  if (ctx.json) printJson(ctx, { file: target.exists ? target.file : null, key: key ?? null, value: null });
  ctx.io.err(
    `${key ?? 'config'} is not set: ${why}; the action uses its default (see \`cyrus config get --resolved\`).`,
  );
  return EXIT.failure;
}

async function getResolved(
  ctx: CommandContext,
  target: ConfigTarget,
  key: string | undefined,
): Promise<number> {
  const text = await readConfigText(target);
  const checked = target.exists ? validateConfigText(text, target) : validateConfigText('{}', target);
  if (!checked.ok) throw checked.error;
  const env = readCliEnvironment(ctx.env);
  const resolved = resolveConfig(
    checked.config,
    { codegenOrgId: env.codegenOrgId },
    { hasCodegenToken: Boolean(env.codegenApiToken), repository: ctx.env.GITHUB_REPOSITORY },
  );
  let value: unknown = resolved;
  for (const segment of key?.split('.') ?? []) {
    const node = value as Record<string, unknown>;
    if (node === null || typeof node !== 'object' || !(segment in node)) {
      const known =
        node !== null && typeof node === 'object' ? Object.keys(node).join(', ') : '(a single value)';
      throw new UsageError(`the resolved configuration has no "${key}" (keys here: ${known})`);
    }
    value = node[segment];
  }
  if (ctx.json)
    printJson(ctx, {
      file: target.exists ? target.file : null,
      key: key ?? null,
      resolved: true,
      value: value ?? null,
    });
  else ctx.io.out(formatValue(value, target));
  return EXIT.ok;
}

/** Scalars bare; a mapping or list in the file's own language (YAML for a YAML file). */
function formatValue(value: unknown, target: ConfigTarget): string {
  if (typeof value !== 'object' || value === null) return displayValue(value);
  return target.format === 'yaml' ? stringifyYaml(value).trimEnd() : JSON.stringify(value, null, 2);
}

async function runSet(ctx: CommandContext, input: CommandInput): Promise<number> {
  const [key = '', text = ''] = input.positionals;
  const path = parseKeyPath(key);
  const value = valueFromText(path, text);
  return writeValidated(ctx, [{ path, value, text }], key);
}

async function runUnset(ctx: CommandContext, input: CommandInput): Promise<number> {
  const key = input.positionals[0] ?? '';
  return writeValidated(ctx, [{ path: parseKeyPath(key), value: undefined }], key);
}

/**
 * Applies changes to the config file and writes it only if the result validates as the action
 * will load it. Problems at the changed key are the argument's fault (exit 2), others the file's (exit 1).
 */
async function writeValidated(ctx: CommandContext, changes: ConfigChange[], key: string): Promise<number> {
  const outcome = await applyValidated(ctx, changes);
  if (!outcome.ok) {
    reportRefusal(ctx, outcome.error, outcome.target);
    // A valid file the change would break: the value is refused (usage). A file already broken: exit 1.
    return outcome.validBefore ? EXIT.usage : EXIT.failure;
  }
  const { target, created, previous } = outcome;
  const change = changes[0];
  if (ctx.json) {
    printJson(ctx, {
      file: target.file,
      created,
      key,
      value: change?.value ?? null,
      previous: previous ?? null,
    });
  } else {
    const shown = change?.value === undefined ? 'removed' : `= ${displayValue(change.value)}`;
    ctx.io.out(`${key} ${shown} (${created ? 'created ' : ''}${target.file})`);
  }
  warnIfUnresolvable(ctx, outcome.config);
  return EXIT.ok;
}

type Applied =
  | {
      ok: true;
      target: ConfigTarget;
      created: boolean;
      previous: unknown;
      config: Parameters<typeof resolveConfig>[0];
    }
  | { ok: false; target: ConfigTarget; error: ConfigError; validBefore: boolean };

/** The validated write shared by `config set`, `config unset` and `codegen setup`. */
export async function applyValidated(ctx: CommandContext, changes: ConfigChange[]): Promise<Applied> {
  const target = locateConfig(ctx.cwd, ctx.configFile);
  const before = await readConfigText(target);
  const first = changes[0];
  const previous = first && target.exists ? valueAt(before, target, first.path) : undefined;
  let after: string;
  try {
    after = applyChanges(target, before, changes);
  } catch (error) {
    if (error instanceof SyntaxError)
      throw new UserError(`${target.file} is not valid JSON: ${error.message}`);
    throw error;
  }
  const checked = validateConfigText(after, target);
  if (!checked.ok) {
    const validBefore = !target.exists || validateConfigText(before, target).ok;
    return { ok: false, target, error: checked.error, validBefore };
  }
  await writeConfigFile(target, after);
  return { ok: true, target, created: !target.exists, previous, config: checked.config };
}

function valueAt(text: string, target: ConfigTarget, path: readonly string[]): unknown {
  try {
    const root: unknown = target.format === 'json' ? JSON.parse(text) : parseDocument(text).toJS();
    return path.reduce<unknown>(
      (node, segment) =>
        node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined,
      root,
    );
  } catch {
    return undefined;
  }
}

function reportRefusal(ctx: CommandContext, error: ConfigError, target: ConfigTarget): void {
  const message = `Refused: ${target.file} was left as it was, because the change would make it invalid:`;
  if (ctx.json) printJson(ctx, { file: target.file, written: false, problems: error.problems });
  ctx.io.err(message);
  for (const problem of error.problems)
    ctx.io.err(`  - ${problem.path ? `${problem.path}: ` : ''}${problem.message}`);
}

function warnIfUnresolvable(ctx: CommandContext, config: ConfigFile): void {
  for (const warning of configWarnings(config)) ctx.io.err(`warning: ${warning}`);
}

async function runValidate(ctx: CommandContext, input: CommandInput): Promise<number> {
  const target = locateConfig(ctx.cwd, input.positionals[0] ?? ctx.configFile);
  if (!target.exists) {
    if (input.positionals[0] ?? ctx.configFile) throw new UserError(`${target.file} does not exist.`);
    if (ctx.json) printJson(ctx, { file: null, valid: true, problems: [] });
    else ctx.io.out('✅ No config file: the defaults apply (`cyrus init` writes a starter one).');
    return EXIT.ok;
  }
  const checked = validateConfigText(await readConfigText(target), target);
  if (ctx.json) {
    printJson(ctx, {
      file: target.file,
      valid: checked.ok,
      problems: checked.ok ? [] : checked.error.problems,
    });
  } else if (checked.ok) {
    ctx.io.out(`✅ ${target.file} is valid`);
  } else {
    ctx.io.out(
      `❌ ${target.file} is not valid (${checked.error.problems.length} problem${checked.error.problems.length === 1 ? '' : 's'}):`,
    );
    for (const p of checked.error.problems) ctx.io.out(`  - ${p.path ? `${p.path}: ` : ''}${p.message}`);
  }
  if (checked.ok) warnIfUnresolvable(ctx, checked.config);
  return checked.ok ? EXIT.ok : EXIT.failure;
}

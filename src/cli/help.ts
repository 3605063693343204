import type { CommandRegistry, CommandSpec, OptionSpec } from './command.js';

/** `Usage: cyrus config set <key> <value> [options]`. */
export function usageLine(command: CommandSpec): string {
  return `Usage: cyrus ${command.path.join(' ')}${command.args ? ` ${command.args}` : ''} [options]`;
}

export function globalHelp(registry: CommandRegistry, globals: Record<string, OptionSpec>): string {
  const commands = registry.list();
  const width = Math.max(...commands.map((c) => c.path.join(' ').length + (c.args ? c.args.length + 1 : 0)));
  return [
    'cyrus: set up and watch codegen-action (Linear issues → validated pull requests).',
    '',
    'Usage: cyrus <command> [options]',
    '',
    'Commands:',
    ...commands.map(
      (c) => `  ${`${c.path.join(' ')}${c.args ? ` ${c.args}` : ''}`.padEnd(width)}  ${c.summary}`,
    ),
    '',
    `Global options: ${Object.entries(globals)
      .map(([name, o]) => `--${name}${o.value ? ` <${o.value}>` : ''}`)
      .join(', ')}, --version`,
    'Run `cyrus <command> --help` for a command. Exit codes: 0 ok, 1 failure, 2 usage error.',
  ].join('\n');
}

export function groupHelp(head: string, commands: readonly CommandSpec[]): string {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length + (c.args ? c.args.length + 1 : 0)));
  return [
    `Usage: cyrus ${head} <${commands.map((c) => c.path.slice(1).join(' ')).join('|')}> [options]`,
    '',
    ...commands.map(
      (c) => `  ${`${c.path.join(' ')}${c.args ? ` ${c.args}` : ''}`.padEnd(width)}  ${c.summary}`,
    ),
    '',
    `Run \`cyrus ${head} <command> --help\` for a command.`,
  ].join('\n');
}

export function commandHelp(command: CommandSpec, globals: Record<string, OptionSpec>): string {
  return [
    usageLine(command),
    '',
    command.description,
    '',
    optionLines('Options', command.options),
    optionLines('Global options', globals),
    ...(command.examples?.length ? ['', 'Examples:', ...command.examples.map((e) => `  ${e}`)] : []),
    '',
    'Exit codes: 0 ok, 1 failure, 2 usage error.',
  ]
    .filter((line, i, all) => !(line === '' && all[i - 1] === ''))
    .join('\n');
}

function optionLines(title: string, options: Record<string, OptionSpec>): string {
  const entries = Object.entries(options);
  if (entries.length === 0) return '';
  const labels = entries.map(
    ([name, o]) => `${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` <${o.value}>` : ''}`,
  );
  const width = Math.min(34, Math.max(...labels.map((l) => l.length)));
  return [
    `${title}:`,
    ...entries.map(([, o], i) => `  ${(labels[i] ?? '').padEnd(width)}  ${o.description}`),
  ].join('\n');
}

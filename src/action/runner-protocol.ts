import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

/**
 * The GitHub Actions runner protocol, as far as this action speaks it: inputs from `INPUT_*`,
 * workflow commands on stdout (`::add-mask::`, `::error::`, `::group::`...), outputs and the job
 * summary appended to the files the runner names. The same behaviour as @actions/core, without its
 * HTTP client (most of its weight, there for OIDC tokens this action never requests).
 */
export class RunnerProtocol {
  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly write: (text: string) => void = (text) => process.stdout.write(text),
  ) {}

  /** `INPUT_<NAME>`: upper case, spaces as underscores, as the runner sets them; trimmed. */
  getInput(name: string): string {
    return (this.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
  }

  setSecret(secret: string): void {
    this.command('add-mask', {}, secret);
  }

  /** Appends `name<<DELIMITER` … to GITHUB_OUTPUT; without it there is nowhere to write. */
  setOutput(name: string, value: string): void {
    const file = this.env.GITHUB_OUTPUT;
    if (!file) return;
    const delimiter = `ghadelimiter_${randomUUID()}`;
    if (name.includes(delimiter) || value.includes(delimiter))
      throw new Error('output value contains the delimiter');
    appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
  }

  /** Appends markdown to GITHUB_STEP_SUMMARY (a local run without it has only the log). */
  appendSummary(markdown: string): void {
    const file = this.env.GITHUB_STEP_SUMMARY;
    if (file) appendFileSync(file, `${markdown}${EOL}`, 'utf8');
  }

  /** A plain log line: whatever it quotes (a CI summary, an issue title) never becomes a command. */
  info(message: string): void {
    this.write(`${neutralizeWorkflowCommands(message)}${EOL}`);
  }

  debug(message: string): void {
    this.command('debug', {}, message);
  }

  warning(message: string): void {
    this.command('warning', {}, message);
  }

  error(message: string): void {
    this.command('error', {}, message);
  }

  /** `::error::` and a failing exit code, as `core.setFailed` does. */
  setFailed(message: string): void {
    process.exitCode = 1;
    this.error(message);
  }

  startGroup(title: string): void {
    this.command('group', {}, title);
  }

  endGroup(): void {
    this.command('endgroup', {}, '');
  }

  private command(name: string, properties: Record<string, string>, message: string): void {
    const props = Object.entries(properties)
      .map(([k, v]) => `${k}=${escapeProperty(v)}`)
      .join(',');
    this.write(`::${name}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`);
  }
}

/**
 * Text the runner would read as a workflow command made harmless (a security rule): a line whose first
 * non-blank characters are `::` (`::add-mask::`, `::stop-commands::`, `::error::`), and the legacy
 * `##[command]` form anywhere in a line, get a zero-width space between their two characters.
 * CR counts as a line break, as it does for the runner.
 */
function neutralizeWorkflowCommands(text: string): string {
  return text.replace(/(^|[\r\n])([ \t]*):(?=:)/g, '$1$2:\u200b').replace(/#(?=#\[)/g, '#\u200b');
}

/** Workflow command data: %, CR and LF are escaped so a message stays one command. */
function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

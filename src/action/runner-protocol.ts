import * as core from '@actions/core';

/**
 * The GitHub Actions runner protocol through @actions/core: inputs, masks, outputs, the job
 * summary, annotations, groups and state. What the toolkit leaves to its caller stays here: log
 * lines are sanitised first (the toolkit writes `core.info` text as it is), an output or summary
 * without its runner file is skipped (the toolkit would fall back to a deprecated stdout command
 * or throw). The toolkit reads `process.env`; so does this.
 */
export class RunnerProtocol {
  private readonly env = process.env;

  /** `INPUT_<NAME>`: upper case, spaces as underscores, as the runner sets them; trimmed. */
  getInput(name: string): string {
    return core.getInput(name);
  }

  setSecret(secret: string): void {
    core.setSecret(secret);
  }

  /** A heredoc appended to GITHUB_OUTPUT; without it there is nowhere to write. */
  setOutput(name: string, value: string): void {
    if (this.env.GITHUB_OUTPUT) core.setOutput(name, value);
  }

  /** Appends markdown to GITHUB_STEP_SUMMARY (a local run without it has only the log). */
  async appendSummary(markdown: string): Promise<void> {
    if (!this.env.GITHUB_STEP_SUMMARY) return;
    await core.summary.addRaw(markdown, true).write();
    core.summary.emptyBuffer();
  }

  /** A plain log line: whatever it quotes (a CI summary, an issue title) never becomes a command. */
  info(message: string): void {
    core.info(neutralizeWorkflowCommands(message));
  }

  /** Annotation data is escaped by the toolkit (%, CR, LF), so a message stays one command. */
  debug(message: string): void {
    core.debug(message);
  }

  warning(message: string, annotation?: core.AnnotationProperties): void {
    core.warning(message, annotation);
  }

  error(message: string, annotation?: core.AnnotationProperties): void {
    core.error(message, annotation);
  }

  /** `::error::` and a failing exit code. */
  setFailed(message: string): void {
    core.setFailed(message);
  }

  startGroup(title: string): void {
    core.startGroup(title);
  }

  endGroup(): void {
    core.endGroup();
  }

  /** State for a post step of the same action, through GITHUB_STATE. */
  saveState(name: string, value: string): void {
    if (this.env.GITHUB_STATE) core.saveState(name, value);
  }

  getState(name: string): string {
    return core.getState(name);
  }
}

/**
 * Text the runner would read as a workflow command made harmless (a security rule): a line whose first
 * non-blank characters are `::` (`::add-mask::`, `::stop-commands::`, `::error::`), and the legacy
 * `##[command]` form anywhere in a line, get a zero-width space between their two characters.
 * CR counts as a line break, as it does for the runner.
 */
export function neutralizeWorkflowCommands(text: string): string {
  return text.replace(/(^|[\r\n])([ \t]*):(?=:)/g, '$1$2:\u200b').replace(/#(?=#\[)/g, '#\u200b');
}

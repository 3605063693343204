import * as core from '@actions/core';
import type { Logger } from '../util/logger.js';
import type { InputName } from './inputs.js';

/** What the action exchanges with the runner. The real one is @actions/core; tests use memory. */
export interface ActionIO {
  getInput(name: InputName): string;
  setSecret(secret: string): void;
  setOutput(name: string, value: string): void;
  writeSummary(markdown: string): Promise<void>;
  setFailed(message: string): void;
  logger: Logger;
}

export const coreLogger: Logger = {
  debug: (m) => core.debug(m),
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  error: (m) => core.error(m),
  group: (title, fn) => core.group(title, fn),
};

export function coreActionIO(): ActionIO {
  return {
    getInput: (name) => core.getInput(name),
    setSecret: (secret) => core.setSecret(secret),
    setOutput: (name, value) => {
      // Without GITHUB_OUTPUT, core falls back to the removed `::set-output` command: noise, not output.
      if (process.env.GITHUB_OUTPUT) core.setOutput(name, value);
    },
    writeSummary: async (markdown) => {
      // Without GITHUB_STEP_SUMMARY (a local run) there is nowhere to write; the log has it all.
      if (!process.env.GITHUB_STEP_SUMMARY) return;
      await core.summary.addRaw(markdown, true).write();
    },
    setFailed: (message) => core.setFailed(message),
    logger: coreLogger,
  };
}

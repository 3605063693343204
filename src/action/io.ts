import type { Logger } from '../util/logger.js';
import type { InputName } from './inputs.js';
import { RunnerProtocol } from './runner-protocol.js';

/** What the action exchanges with the runner. The real one speaks the runner protocol; tests use memory. */
export interface ActionIO {
  getInput(name: InputName): string;
  setSecret(secret: string): void;
  setOutput(name: string, value: string): void;
  writeSummary(markdown: string): Promise<void>;
  setFailed(message: string): void;
  logger: Logger;
}

export function runnerActionIO(protocol: RunnerProtocol = new RunnerProtocol()): ActionIO {
  const logger: Logger = {
    debug: (m) => protocol.debug(m),
    info: (m) => protocol.info(m),
    warning: (m) => protocol.warning(m),
    error: (m) => protocol.error(m),
    group: async (title, fn) => {
      protocol.startGroup(title);
      try {
        return await fn();
      } finally {
        protocol.endGroup();
      }
    },
  };
  return {
    getInput: (name) => protocol.getInput(name),
    setSecret: (secret) => protocol.setSecret(secret),
    setOutput: (name, value) => protocol.setOutput(name, value),
    writeSummary: (markdown) => protocol.appendSummary(markdown),
    setFailed: (message) => protocol.setFailed(message),
    logger,
  };
}

import { afterEach, beforeAll } from 'vitest';
import { CLAUDE_INSTALL_TIMEOUT_MS, installClaudeForTests } from './install.js';
import { type AnthropicStandIn, type AnthropicStandInOptions, startAnthropicStandIn } from './server.js';

/**
 * The hooks a test file of the real CLI needs: the pinned `claude` installed once for the file,
 * and each test's Messages stand-in closed after the test. Call it at the top of the file.
 */
export function useClaudeStandIns(): {
  /** The installed binary (available once the file's beforeAll has run). */
  claude: () => string;
  /** Starts this test's stand-in; it is closed after the test. */
  start: (options: AnthropicStandInOptions) => Promise<AnthropicStandIn>;
} {
  let binary = '';
  let current: AnthropicStandIn | undefined;
  beforeAll(async () => {
    binary = await installClaudeForTests();
  }, CLAUDE_INSTALL_TIMEOUT_MS);
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    claude: () => binary,
    start: async (options) => {
      current = await startAnthropicStandIn(options);
      return current;
    },
  };
}

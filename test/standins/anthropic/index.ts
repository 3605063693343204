/**
 * Anthropic Messages API stand-in for running the REAL `claude` CLI in tests.
 *
 *   const claude = await installClaudeForTests();            // in beforeAll, timeout CLAUDE_INSTALL_TIMEOUT_MS
 *   const api = await startAnthropicStandIn({ script: [
 *     callTool('Write', { file_path: join(dir, 'a.txt'), content: 'hi' }),   // turn 1: a tool call
 *     say('Done.'),                                                          // turn 2: final text
 *   ] });
 *   const result = await runClaude({ binary: claude, prompt: '...', cwd: dir, deadline: Date.now() + 60_000,
 *     env: claudeTestEnv(api.url, await makeClaudeHome()), tools: ['Write'], allowedTools: ['Write'] });
 *   api.mainRequests()[0].toolNames;                     // what the model was offered
 *   api.mainRequests()[1].toolResults;                   // how the Write went
 *   await api.close();
 *
 * - `POST /v1/messages` with `stream: true` is answered as server-sent events in the API's order:
 *   message_start, ping, content_block_start / content_block_delta (text_delta, input_json_delta) /
 *   content_block_stop per block, message_delta (stop_reason `tool_use` or `end_turn`, usage),
 *   message_stop. Non-streamed calls get the same message as one JSON body.
 * - `script` is a list of `Turn`s for the main conversation (streamed requests that offer tools),
 *   consumed in order, or a function `(request, index) => Turn`. Past the end, a closing text.
 *   Side calls (haiku helpers, no tools) get `sideTurn` or a short text; `/v1/messages/count_tokens`
 *   an estimate; other paths a 404 in the API's error shape.
 * - Turn helpers: `say(text)`, `callTool(name, input)`, `structuredOutput(value)` (the `--json-schema`
 *   answer), `hang()` (never answers), `apiError(status, type, message)`.
 * - Every request is recorded (`requests`), with the offered tool names and schemas, the user and
 *   system text, and the tool results sent back.
 */
export {
  CLAUDE_INSTALL_TIMEOUT_MS,
  claudeTestEnv,
  installClaudeForTests,
  makeClaudeHome,
  TEST_ANTHROPIC_KEY,
  TEST_CLAUDE_CACHE,
} from './install.js';
export { useClaudeStandIns } from './per-test.js';
export type { RecordedRequest } from './request.js';
export { type AnthropicStandIn, type AnthropicStandInOptions, startAnthropicStandIn } from './server.js';
export {
  apiError,
  callTool,
  hang,
  say,
  structuredOutput,
  type ToolCall,
  type Turn,
  type Usage,
} from './turns.js';

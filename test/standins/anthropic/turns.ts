/** One scripted answer of the model. */
export interface ToolCall {
  name: string;
  input: unknown;
  /** Default: `toolu_standin_<n>`. */
  id?: string;
}

export interface Usage {
  input_tokens: number;
  output_tokens: number;
}

export interface Turn {
  /** Text the model says (before any tool calls). */
  text?: string;
  /** Tool calls; a turn with any ends with `stop_reason: "tool_use"`, else `"end_turn"`. */
  toolCalls?: ToolCall[];
  /** Never answer: the connection stays open until the client gives up or the stand-in closes. */
  hang?: boolean;
  /** Answer with an HTTP error in the Messages API's error shape instead. */
  error?: { status: number; type: string; message: string };
  /** Default: 100 in, 20 out. */
  usage?: Usage;
}

export const say = (text: string): Turn => ({ text });
export const callTool = (name: string, input: unknown, text?: string): Turn => ({
  text,
  toolCalls: [{ name, input }],
});
/** The answer to a `--json-schema` run: the CLI offers a tool of this name with that schema. */
export const structuredOutput = (value: unknown): Turn => callTool('StructuredOutput', value);
export const hang = (): Turn => ({ hang: true });
export const apiError = (status: number, type: string, message: string): Turn => ({
  error: { status, type, message },
});

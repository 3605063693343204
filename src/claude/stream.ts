import { z } from 'zod';

/**
 * The lines `claude -p --output-format stream-json --verbose` prints, one JSON object each.
 * Schemas are loose (the CLI adds fields release by release) and unknown `type`s are tolerated.
 */

const ContentBlock = z.looseObject({ type: z.string() });
const TextBlock = z.looseObject({ type: z.literal('text'), text: z.string() });
const ToolUseBlock = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string(),
  name: z.string(),
  input: z.unknown(),
});

export const SystemMessage = z.looseObject({
  type: z.literal('system'),
  subtype: z.string(),
  session_id: z.string().optional(),
  model: z.string().optional(),
  tools: z.array(z.string()).optional(),
  cwd: z.string().optional(),
});
export type SystemMessage = z.infer<typeof SystemMessage>;

export const AssistantMessage = z.looseObject({
  type: z.literal('assistant'),
  session_id: z.string().optional(),
  parent_tool_use_id: z.string().nullable().optional(),
  message: z.looseObject({ content: z.array(ContentBlock).default([]) }),
});
export type AssistantMessage = z.infer<typeof AssistantMessage>;

export const UserMessage = z.looseObject({
  type: z.literal('user'),
  session_id: z.string().optional(),
  message: z.looseObject({ content: z.union([z.string(), z.array(ContentBlock)]).default([]) }),
});
export type UserMessage = z.infer<typeof UserMessage>;

export const ResultMessage = z.looseObject({
  type: z.literal('result'),
  subtype: z.string(),
  is_error: z.boolean(),
  session_id: z.string().optional(),
  num_turns: z.number().int().nonnegative().default(0),
  duration_ms: z.number().nonnegative().default(0),
  total_cost_usd: z.number().nonnegative().default(0),
  result: z.string().optional(),
  structured_output: z.unknown().optional(),
  errors: z.array(z.string()).optional(),
  api_error_status: z.number().nullable().optional(),
  usage: z.record(z.string(), z.unknown()).optional(),
});
export type ResultMessage = z.infer<typeof ResultMessage>;

export const RateLimitEvent = z.looseObject({
  type: z.literal('rate_limit_event'),
  session_id: z.string().optional(),
  rate_limit_info: z
    .looseObject({
      status: z.string().optional(),
      resetsAt: z.number().nullable().optional(),
      rateLimitType: z.string().nullable().optional(),
    })
    .optional(),
});
export type RateLimitEvent = z.infer<typeof RateLimitEvent>;

/** A line of a type we do not model (stream_event, tool_progress, ...), kept for logs. */
export interface UnknownStreamMessage {
  type: 'unknown';
  originalType: string;
  raw: Record<string, unknown>;
}

export type StreamMessage =
  | SystemMessage
  | AssistantMessage
  | UserMessage
  | ResultMessage
  | RateLimitEvent
  | UnknownStreamMessage;

const Envelope = z.looseObject({ type: z.string() });
const KNOWN = {
  system: SystemMessage,
  assistant: AssistantMessage,
  user: UserMessage,
  result: ResultMessage,
  rate_limit_event: RateLimitEvent,
} as const;

export type ParsedLine = { ok: true; message: StreamMessage } | { ok: false; error: string };

/** One stdout line to a message; a known type that fails its schema is an error, not a guess. */
export function parseStreamLine(line: string): ParsedLine {
  const trimmed = line.trim();
  if (trimmed === '') return { ok: false, error: 'empty line' };
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    return { ok: false, error: `not JSON: ${trimmed.slice(0, 200)}` };
  }
  const envelope = Envelope.safeParse(json);
  if (!envelope.success) return { ok: false, error: `not a stream message: ${trimmed.slice(0, 200)}` };
  const type = envelope.data.type;
  if (!(type in KNOWN))
    return { ok: true, message: { type: 'unknown', originalType: type, raw: envelope.data } };
  const schema = KNOWN[type as keyof typeof KNOWN];
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      error: `a "${type}" line does not match its schema: ${z.prettifyError(parsed.error)}`,
    };
  }
  return { ok: true, message: parsed.data };
}

/** Text blocks of an assistant message, joined. */
export function assistantText(message: AssistantMessage): string {
  return message.message.content
    .map((block) => TextBlock.safeParse(block))
    .flatMap((parsed) => (parsed.success ? [parsed.data.text] : []))
    .join('');
}

/** Tool calls of an assistant message. */
export function toolUses(message: AssistantMessage): { id: string; name: string; input: unknown }[] {
  return message.message.content
    .map((block) => ToolUseBlock.safeParse(block))
    .flatMap((parsed) =>
      parsed.success ? [{ id: parsed.data.id, name: parsed.data.name, input: parsed.data.input }] : [],
    );
}

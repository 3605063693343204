import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';

/** What the CLI sent, as the stand-in recorded it. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (null when there was none or it was not JSON). */
  body: unknown;
  /** `main`: a turn of the conversation; `side`: a helper call (titles, haiku); the rest by path. */
  kind: 'main' | 'side' | 'count_tokens' | 'other';
  model: string | undefined;
  stream: boolean;
  /** Names of the tools offered to the model. */
  toolNames: string[];
  /** Input schema of each offered tool, by name. */
  toolSchemas: Record<string, unknown>;
  /** Every text of every user message, joined by newlines. */
  userText: string;
  /** The system prompt's text. */
  systemText: string;
  /** tool_result blocks in the last user message: how the previous turn's tool calls went. */
  toolResults: { toolUseId: string; content: string; isError: boolean }[];
}

const Block = z.looseObject({ type: z.string() });
const TextBlock = z.looseObject({ type: z.literal('text'), text: z.string() });
const ToolResultBlock = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  content: z.union([z.string(), z.array(Block)]).optional(),
  is_error: z.boolean().optional(),
});
const Message = z.looseObject({ role: z.string(), content: z.union([z.string(), z.array(Block)]) });
const MessagesBody = z.looseObject({
  model: z.string().optional(),
  stream: z.boolean().optional(),
  messages: z.array(Message).default([]),
  system: z.union([z.string(), z.array(Block)]).optional(),
  tools: z.array(z.looseObject({ name: z.string(), input_schema: z.unknown().optional() })).default([]),
});

function texts(content: string | z.infer<typeof Block>[]): string[] {
  if (typeof content === 'string') return [content];
  return content.flatMap((block) => {
    const text = TextBlock.safeParse(block);
    return text.success ? [text.data.text] : [];
  });
}

export function describeRequest(
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  raw: string,
): RecordedRequest {
  let body: unknown = null;
  try {
    body = raw ? JSON.parse(raw) : null;
  } catch {
    body = null;
  }
  const route = path.split('?')[0] ?? path;
  const parsed = MessagesBody.safeParse(body);
  const data = parsed.success ? parsed.data : undefined;
  const messages = data?.messages ?? [];
  const last = messages.at(-1);
  const toolResults =
    last && last.role === 'user' && typeof last.content !== 'string'
      ? last.content.flatMap((block) => {
          const result = ToolResultBlock.safeParse(block);
          if (!result.success) return [];
          const content = result.data.content ?? '';
          return [
            {
              toolUseId: result.data.tool_use_id,
              content: typeof content === 'string' ? content : texts(content).join('\n'),
              isError: result.data.is_error ?? false,
            },
          ];
        })
      : [];
  const tools = data?.tools ?? [];
  const stream = data?.stream ?? false;
  const model = data?.model;
  let kind: RecordedRequest['kind'] = 'other';
  if (method === 'POST' && route === '/v1/messages/count_tokens') kind = 'count_tokens';
  else if (method === 'POST' && route === '/v1/messages') {
    kind = stream && (tools.length > 0 || !/haiku/i.test(model ?? '')) ? 'main' : 'side';
  }
  return {
    method,
    path,
    headers,
    body,
    kind,
    model,
    stream,
    toolNames: tools.map((t) => t.name),
    toolSchemas: Object.fromEntries(tools.map((t) => [t.name, t.input_schema])),
    userText: messages
      .filter((m) => m.role === 'user')
      .flatMap((m) => texts(m.content))
      .join('\n'),
    systemText: data?.system === undefined ? '' : texts(data.system).join('\n'),
    toolResults,
  };
}

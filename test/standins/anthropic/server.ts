import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { describeRequest, type RecordedRequest } from './request.js';
import type { Turn } from './turns.js';

export interface AnthropicStandInOptions {
  /** Answers to the main conversation's requests, in order, or a function of the request. */
  script: Turn[] | ((request: RecordedRequest, index: number) => Turn);
  /** Answer to side requests (title generation and other helper calls). Default: a short text. */
  sideTurn?: (request: RecordedRequest) => Turn;
  /** Model name reported back when the request names none. */
  model?: string;
}

export interface AnthropicStandIn {
  /** Base URL for `ANTHROPIC_BASE_URL`, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Every request, in arrival order. */
  requests: RecordedRequest[];
  /** Only the main conversation's requests. */
  mainRequests(): RecordedRequest[];
  /** Main requests that arrived after the script ran out (answered with a closing text). */
  unscripted: number;
  close(): Promise<void>;
}

const EXHAUSTED_TEXT = 'The stand-in script has no more turns.';
const DEFAULT_USAGE = { input_tokens: 100, output_tokens: 20 };

/** A Messages API stand-in on 127.0.0.1 that streams scripted turns exactly as the real API does. */
export async function startAnthropicStandIn(options: AnthropicStandInOptions): Promise<AnthropicStandIn> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let mainIndex = 0;
  let toolCounter = 0;
  let messageCounter = 0;
  const state = { unscripted: 0 };

  const nextMainTurn = (request: RecordedRequest): Turn => {
    const index = mainIndex++;
    if (typeof options.script === 'function') return options.script(request, index);
    const turn = options.script[index];
    if (turn) return turn;
    state.unscripted++;
    return { text: EXHAUSTED_TEXT };
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = describeRequest(
        req.method ?? 'GET',
        req.url ?? '/',
        req.headers,
        Buffer.concat(chunks).toString('utf8'),
      );
      requests.push(request);
      if (request.kind === 'count_tokens') {
        const size = JSON.stringify(request.body ?? '').length;
        sendJson(res, 200, { input_tokens: Math.max(1, Math.ceil(size / 4)) });
        return;
      }
      if (request.kind === 'other') {
        sendJson(res, 404, {
          type: 'error',
          error: { type: 'not_found_error', message: `no route ${request.path}` },
        });
        return;
      }
      const turn =
        request.kind === 'main'
          ? nextMainTurn(request)
          : (options.sideTurn?.(request) ?? {
              text: 'Stand-in reply',
              usage: { input_tokens: 10, output_tokens: 3 },
            });
      if (turn.hang) return; // Never answer; close() destroys the socket.
      if (turn.error) {
        sendJson(res, turn.error.status, {
          type: 'error',
          error: { type: turn.error.type, message: turn.error.message },
        });
        return;
      }
      const model = request.model ?? options.model ?? 'claude-sonnet-4-5';
      const id = `msg_standin_${++messageCounter}`;
      const blocks = toBlocks(turn, () => `toolu_standin_${++toolCounter}`);
      const usage = turn.usage ?? DEFAULT_USAGE;
      const stopReason = blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
      if (request.stream) streamMessage(res, { id, model, blocks, usage, stopReason });
      else {
        sendJson(res, 200, {
          id,
          type: 'message',
          role: 'assistant',
          model,
          content: blocks,
          stop_reason: stopReason,
          stop_sequence: null,
          usage,
        });
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    mainRequests: () => requests.filter((r) => r.kind === 'main'),
    get unscripted() {
      return state.unscripted;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

type Block = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: unknown };

function toBlocks(turn: Turn, nextToolId: () => string): Block[] {
  const blocks: Block[] = [];
  if (turn.text !== undefined) blocks.push({ type: 'text', text: turn.text });
  for (const call of turn.toolCalls ?? []) {
    blocks.push({ type: 'tool_use', id: call.id ?? nextToolId(), name: call.name, input: call.input });
  }
  if (blocks.length === 0) blocks.push({ type: 'text', text: '' });
  return blocks;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_standin_${Date.now()}` });
  res.end(JSON.stringify(body));
}

/** Server-sent events in the order and shapes of the Messages API's streaming mode. */
function streamMessage(
  res: ServerResponse,
  message: {
    id: string;
    model: string;
    blocks: Block[];
    usage: { input_tokens: number; output_tokens: number };
    stopReason: string;
  },
): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  const send = (type: string, data: Record<string, unknown>) =>
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  send('message_start', {
    message: {
      id: message.id,
      type: 'message',
      role: 'assistant',
      model: message.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: message.usage.input_tokens, output_tokens: 1 },
    },
  });
  send('ping', {});
  message.blocks.forEach((block, index) => {
    if (block.type === 'text') {
      send('content_block_start', { index, content_block: { type: 'text', text: '' } });
      for (const piece of halves(block.text)) {
        send('content_block_delta', { index, delta: { type: 'text_delta', text: piece } });
      }
    } else {
      send('content_block_start', {
        index,
        content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
      });
      for (const piece of halves(JSON.stringify(block.input ?? {}))) {
        send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: piece } });
      }
    }
    send('content_block_stop', { index });
  });
  send('message_delta', {
    delta: { stop_reason: message.stopReason, stop_sequence: null },
    usage: { output_tokens: message.usage.output_tokens },
  });
  send('message_stop', {});
  res.end();
}

/** Two pieces, so clients must really join deltas (empty text stays one empty piece). */
function halves(text: string): string[] {
  if (text.length < 2) return [text];
  const middle = Math.floor(text.length / 2);
  return [text.slice(0, middle), text.slice(middle)];
}

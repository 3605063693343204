import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';

/**
 * An HTTP proxy on 127.0.0.1, as a runner's egress proxy behaves: plain-http requests arrive in
 * absolute form (`GET http://host:port/path`) and are forwarded; `CONNECT host:port` opens a tunnel
 * (how https, and undici for any URL, goes through). It counts what passes through it by target
 * host, so a test can prove a client used it, or that NO_PROXY kept a client away from it.
 * A request in origin form (`GET /path`) is not a proxy request: 400, as a real proxy answers.
 */
export interface ProxyStandIn {
  url: string;
  port: number;
  /** Requests and tunnels per target `host:port`. */
  counts(): Record<string, number>;
  /** What passed through, in order: `GET http://…`, `CONNECT host:port`. */
  log: string[];
  close(): Promise<void>;
}

export async function startProxyStandIn(): Promise<ProxyStandIn> {
  const counts = new Map<string, number>();
  const log: string[] = [];
  const sockets = new Set<Socket>();
  const count = (target: string, line: string) => {
    counts.set(target, (counts.get(target) ?? 0) + 1);
    log.push(line);
  };
  const server: Server = createServer((req, res) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res
        .writeHead(400, { 'content-type': 'text/plain' })
        .end('not a proxy request: expected an absolute URL\n');
      return;
    }
    count(target.host, `${req.method} ${target.href}`);
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port || 80,
        method: req.method,
        path: `${target.pathname}${target.search}`,
        headers: forwardedHeaders(req),
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy: ${error.message}\n`);
    });
    req.pipe(upstream);
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    const [host, port] = splitHostPort(target);
    count(target, `CONNECT ${target}`);
    const upstream = netConnect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    const drop = () => {
      upstream.destroy();
      client.destroy();
    };
    upstream.on('error', () => {
      if (client.writable) client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      drop();
    });
    client.on('error', drop);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    counts: () => Object.fromEntries(counts),
    log,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The request's headers minus the hop-by-hop ones a proxy consumes. */
function forwardedHeaders(req: IncomingMessage): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    headers[name] = value;
  }
  return headers;
}

const HOP_BY_HOP = new Set(['proxy-connection', 'proxy-authorization', 'connection', 'keep-alive']);

function splitHostPort(target: string): [string, string] {
  const at = target.lastIndexOf(':');
  return [target.slice(0, at).replace(/^\[|\]$/g, ''), target.slice(at + 1) || '443'];
}

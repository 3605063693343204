import { type Dispatcher, ProxyAgent, fetch as undiciFetch } from 'undici';
import { isDirect, type ProxyEnvironment, proxyFor } from './proxy.js';

/**
 * Connections through the proxy the environment names, one ProxyAgent per proxy and scheme.
 * Plain-http targets are forwarded (`GET http://host/path` to the proxy, as curl and git do);
 * https targets are tunnelled with CONNECT.
 */
export class ProxyDispatchers {
  private readonly agents = new Map<string, ProxyAgent>();

  constructor(readonly proxies: ProxyEnvironment) {}

  /** The dispatcher for `target`, or undefined to connect directly. */
  for(target: URL | string): Dispatcher | undefined {
    const url = typeof target === 'string' ? new URL(target) : target;
    const proxy = proxyFor(url, this.proxies);
    if (!proxy) return undefined;
    const tunnel = url.protocol === 'https:';
    const key = `${tunnel ? 'connect' : 'forward'} ${proxy.href}`;
    let agent = this.agents.get(key);
    if (!agent) {
      agent = new ProxyAgent({ uri: proxy.href, proxyTunnel: tunnel });
      this.agents.set(key, agent);
    }
    return agent;
  }
}

/**
 * `base` (the global fetch by default) for direct requests; undici's fetch with the proxy's
 * dispatcher for the rest (a dispatcher and the fetch that drives it come from one undici, so
 * this holds on every Node version). Decided per request, so NO_PROXY applies to each URL.
 */
export function proxyAwareFetch(
  dispatchers: ProxyDispatchers,
  base: typeof fetch = globalThis.fetch,
): typeof fetch {
  if (isDirect(dispatchers.proxies)) return base;
  return (input, init) => {
    const url = input instanceof Request ? input.url : input;
    const dispatcher = dispatchers.for(url);
    if (!dispatcher) return base(input, init);
    if (input instanceof Request) throw new TypeError('proxyAwareFetch takes a URL, not a Request');
    // undici's fetch returns its own Response class; it is the WHATWG one the callers read.
    return undiciFetch(url, { ...init, dispatcher } as Parameters<
      typeof undiciFetch
    >[1]) as unknown as Promise<Response>;
  };
}

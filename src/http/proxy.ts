import { UserError } from '../util/errors.js';

/**
 * Which proxy, if any, a request to a URL goes through, decided from the environment the way the
 * Actions toolkit (`@actions/http-client`) and curl do:
 *
 * - `https_proxy` / `HTTPS_PROXY` for https URLs, `http_proxy` / `HTTP_PROXY` for http URLs, the
 *   lower-case name first; a value without a scheme is taken as `http://`;
 * - `no_proxy` / `NO_PROXY`: comma-separated entries, each `*` (everything), a host (`example.com`,
 *   which also covers its subdomains), a suffix (`.example.com`), an IP address, or either with a
 *   port (`example.com:8443`, which then matches that port only);
 * - loopback (localhost, 127.0.0.1, ::1) goes through the proxy unless NO_PROXY names it, as curl
 *   does (the toolkit always bypasses it; a runner's proxy then still sees every request that
 *   leaves the machine, and tests can route stand-ins on 127.0.0.1 through a proxy).
 */

export interface ProxyEnvironment {
  /** For http URLs. */
  http?: URL;
  /** For https URLs. */
  https?: URL;
  noProxy: readonly NoProxyEntry[];
}

interface NoProxyEntry {
  /** Lower case, without brackets or a leading dot; `*` for everything. */
  host: string;
  /** Only this port, when the entry names one. */
  port?: string;
  /** `.example.com`: subdomains only, not example.com itself. */
  suffixOnly: boolean;
}

/** Reads the proxy variables; a proxy value that is not a URL is an error naming the variable. */
export function readProxyEnvironment(env: NodeJS.ProcessEnv): ProxyEnvironment {
  const http = proxyVariable(env, 'http_proxy');
  const https = proxyVariable(env, 'https_proxy');
  const noProxy = variable(env, 'no_proxy');
  return {
    ...(http ? { http } : {}),
    ...(https ? { https } : {}),
    noProxy: noProxy ? parseNoProxy(noProxy.value) : [],
  };
}

/** True when no proxy variable is set: clients then keep their plain fetch. */
export function isDirect(proxies: ProxyEnvironment): boolean {
  return !proxies.http && !proxies.https;
}

/** The proxy for `target`, or undefined to connect directly. */
export function proxyFor(target: URL | string, proxies: ProxyEnvironment): URL | undefined {
  const url = typeof target === 'string' ? new URL(target) : target;
  const proxy =
    url.protocol === 'https:' ? proxies.https : url.protocol === 'http:' ? proxies.http : undefined;
  if (!proxy || bypassesProxy(url, proxies.noProxy)) return undefined;
  return proxy;
}

/** Whether NO_PROXY sends `url` direct. */
function bypassesProxy(url: URL, noProxy: readonly NoProxyEntry[]): boolean {
  const host = bareHost(url.hostname);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return noProxy.some((entry) => {
    if (entry.host === '*') return true;
    if (entry.port !== undefined && entry.port !== port) return false;
    if (host === entry.host) return !entry.suffixOnly;
    return host.endsWith(`.${entry.host}`);
  });
}

function parseNoProxy(value: string): NoProxyEntry[] {
  return value
    .split(/[,\s]+/)
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== '')
    .map((item): NoProxyEntry => {
      if (item === '*') return { host: '*', suffixOnly: false };
      const suffixOnly = item.startsWith('.');
      const body = item.replace(/^\*?\./, '');
      // `[::1]:8080`, `[::1]`, `host:8080`; a bare IPv6 address has several colons and no port.
      const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(body);
      if (bracketed?.[1]) return { host: bracketed[1], suffixOnly, ...portOf(bracketed[2]) };
      const hostPort = /^([^:]+):(\d+)$/.exec(body);
      if (hostPort?.[1]) return { host: hostPort[1], suffixOnly, ...portOf(hostPort[2]) };
      return { host: body, suffixOnly };
    });
}

function portOf(port: string | undefined): { port?: string } {
  return port ? { port } : {};
}

/** `[::1]` → `::1`, trailing dot dropped, lower case. */
function bareHost(hostname: string): string {
  return hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
}

function variable(env: NodeJS.ProcessEnv, lower: string): { name: string; value: string } | undefined {
  for (const name of [lower, lower.toUpperCase()]) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

function proxyVariable(env: NodeJS.ProcessEnv, lower: string): URL | undefined {
  const found = variable(env, lower);
  if (!found) return undefined;
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(found.value) ? found.value : `http://${found.value}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw proxyConfigError(found.name, found.value, 'is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw proxyConfigError(found.name, found.value, `uses ${url.protocol}, not http: or https:`);
  return url;
}

/** A proxy variable this process cannot use: names it and says how to fix it. */
function proxyConfigError(name: string, value: string, problem: string): UserError {
  return new UserError(
    `${name} ${problem} (${redact(value)}): set it to the proxy's URL, such as http://proxy.internal:3128, or unset it.`,
  );
}

/** A proxy value as it may be shown: without a password. */
function redact(value: string): string {
  return value.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

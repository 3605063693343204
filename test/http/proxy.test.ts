import { describe, expect, it } from 'vitest';
import { proxyFor, readProxyEnvironment, withProxyVariablesInBothCases } from '../../src/http/index.js';

const PROXY = 'http://proxy.internal:3128/';

function route(url: string, env: NodeJS.ProcessEnv): string {
  return proxyFor(url, readProxyEnvironment(env))?.href ?? 'direct';
}

describe('the proxy for a URL, from HTTPS_PROXY / HTTP_PROXY / NO_PROXY', () => {
  it('takes the scheme’s variable, lower case first, and http:// for a value without a scheme', () => {
    expect(route('https://api.github.com/x', { HTTPS_PROXY: 'proxy.internal:3128' })).toBe(PROXY);
    expect(route('https://api.github.com/x', { https_proxy: PROXY, HTTPS_PROXY: 'http://other:1' })).toBe(
      PROXY,
    );
    expect(route('http://ghes.corp/api/v3', { HTTP_PROXY: PROXY })).toBe(PROXY);
    // An https proxy variable does not cover http URLs, nor the reverse.
    expect(route('http://ghes.corp/', { HTTPS_PROXY: PROXY })).toBe('direct');
    expect(route('https://api.linear.app/graphql', { http_proxy: PROXY })).toBe('direct');
    expect(route('https://api.linear.app/graphql', {})).toBe('direct');
  });

  it('sends NO_PROXY hosts direct: exact hosts and their subdomains, suffixes, ports, and *', () => {
    const env = { HTTPS_PROXY: PROXY, NO_PROXY: 'example.com, .corp.local,ghes.io:8443 10.0.0.7' };
    expect(route('https://example.com/', env)).toBe('direct');
    expect(route('https://api.example.com/', env)).toBe('direct');
    expect(route('https://notexample.com/', env)).toBe(PROXY);
    expect(route('https://git.corp.local/', env)).toBe('direct');
    expect(route('https://corp.local/', env)).toBe(PROXY); // `.corp.local` is for subdomains only
    expect(route('https://ghes.io:8443/', env)).toBe('direct');
    expect(route('https://ghes.io/', env)).toBe(PROXY); // that port only
    expect(route('https://10.0.0.7/', env)).toBe('direct');
    expect(route('https://EXAMPLE.com./', env)).toBe('direct');
    expect(route('https://anything/', { HTTPS_PROXY: PROXY, no_proxy: '*' })).toBe('direct');
  });

  it('routes loopback through the proxy unless NO_PROXY names it, as curl does', () => {
    expect(route('http://127.0.0.1:9/', { HTTP_PROXY: PROXY })).toBe(PROXY);
    expect(route('http://localhost:9/', { HTTP_PROXY: PROXY })).toBe(PROXY);
    expect(route('http://127.0.0.1:9/', { HTTP_PROXY: PROXY, NO_PROXY: '127.0.0.1' })).toBe('direct');
    expect(route('http://[::1]:9/', { HTTP_PROXY: PROXY, NO_PROXY: '[::1]:9' })).toBe('direct');
    expect(route('http://localhost:9/', { HTTP_PROXY: PROXY, NO_PROXY: 'localhost' })).toBe('direct');
  });

  it('refuses a proxy value that is not an http(s) URL, naming the variable and hiding a password', () => {
    expect(() => readProxyEnvironment({ HTTPS_PROXY: 'socks5://u:secret@proxy:1080' })).toThrow(
      /HTTPS_PROXY uses socks5:, not http: or https: \(socks5:\/\/u:\*\*\*@proxy:1080\): set it to the proxy's URL/,
    );
    expect(() => readProxyEnvironment({ http_proxy: 'http://[bad' })).toThrow(/http_proxy is not a URL/);
  });

  it('gives a child both cases of each proxy variable (git reads only the lower-case http_proxy)', () => {
    expect(withProxyVariablesInBothCases({ PATH: '/bin', HTTP_PROXY: PROXY, no_proxy: 'x' })).toEqual({
      PATH: '/bin',
      HTTP_PROXY: PROXY,
      http_proxy: PROXY,
      no_proxy: 'x',
      NO_PROXY: 'x',
    });
  });
});

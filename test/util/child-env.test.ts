import { describe, expect, it } from 'vitest';
import { inheritedChildEnv, looksLikeSecretName } from '../../src/util/child-env.js';

/** What a child inherits from a runner's environment under the base policy. */
const passes = {
  PATH: '/usr/bin',
  HOME: '/home/runner',
  LANG: 'C.UTF-8',
  LC_CTYPE: 'C.UTF-8',
  TMPDIR: '/tmp/r',
  SSL_CERT_FILE: '/etc/ca.pem',
  HTTP_PROXY: 'http://proxy:3128',
  no_proxy: 'localhost,127.0.0.1',
};

const runner = {
  ...passes,
  HTTPS_PROXY: 'http://user:pass@proxy:3128',
  https_proxy: 'user@proxy:3128',
  GITHUB_TOKEN: 'ghs_x',
  LINEAR_API_KEY: 'lin_x',
  ACTIONS_RUNTIME_TOKEN: 'rt',
  RUNNER_TEMP: '/tmp/runner',
  GIT_CONFIG_PARAMETERS: "'http.extraheader=AUTHORIZATION: basic eA=='",
  TOOL_SETTING: 'on',
  TOOL_AUTH: 'secret',
  TOOL_API_TOKEN: 'secret',
};

describe('inheritedChildEnv', () => {
  it('passes the base names, locale and credential-free proxies, and nothing else', () => {
    expect(inheritedChildEnv(runner)).toEqual(passes);
  });

  it('never passes a proxy with credentials embedded, in either case', () => {
    const env = inheritedChildEnv(runner, { names: ['HTTPS_PROXY', 'https_proxy'] });
    expect(env.HTTPS_PROXY).toBeUndefined();
    expect(env.https_proxy).toBeUndefined();
  });

  it("adds a caller's names and prefixes, but a token-looking name never passes, even when asked for", () => {
    const env = inheritedChildEnv(runner, {
      names: ['GITHUB_TOKEN', 'GIT_CONFIG_PARAMETERS'],
      prefixes: ['TOOL_', 'ACTIONS_', 'LINEAR_'],
    });
    expect(env.TOOL_SETTING).toBe('on');
    expect(env.GIT_CONFIG_PARAMETERS).toBe(runner.GIT_CONFIG_PARAMETERS);
    for (const name of [
      'GITHUB_TOKEN',
      'LINEAR_API_KEY',
      'ACTIONS_RUNTIME_TOKEN',
      'TOOL_AUTH',
      'TOOL_API_TOKEN',
    ]) {
      expect(env[name], name).toBeUndefined();
    }
    expect(Object.values(env).join('\n')).not.toMatch(/ghs_x|lin_x|secret|pass@/);
  });

  it('recognises credential-looking names by word and by segment', () => {
    for (const name of [
      'NPM_TOKEN',
      'AWS_SECRET_ACCESS_KEY',
      'DB_PASSWORD',
      'OPENAI_APIKEY',
      'MY_KEY',
      'GH_PAT',
    ]) {
      expect(looksLikeSecretName(name), name).toBe(true);
    }
    for (const name of ['PATH', 'KEYBOARD_LAYOUT', 'PATHEXT', 'LANG']) {
      expect(looksLikeSecretName(name), name).toBe(false);
    }
  });
});

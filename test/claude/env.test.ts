import { describe, expect, it } from 'vitest';
import { buildClaudeEnv } from '../../src/claude/index.js';

describe('buildClaudeEnv', () => {
  const source = {
    PATH: '/usr/bin',
    HOME: '/home/runner',
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    GIT_AUTHOR_NAME: 'Cyrus',
    ANTHROPIC_BASE_URL: 'http://127.0.0.1:1',
    CLAUDE_CODE_USE_BEDROCK: '0',
    GITHUB_TOKEN: 'ghs_x',
    INPUT_GITHUB_TOKEN: 'ghs_y',
    LINEAR_API_KEY: 'lin_x',
    CODEGEN_API_TOKEN: 'cg_x',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
    GIT_CONFIG_PARAMETERS: "'http.extraheader=AUTHORIZATION: basic eA=='",
    GIT_ASKPASS: '/tmp/askpass',
    ANTHROPIC_API_KEY: 'from-the-environment',
    ANTHROPIC_AUTH_TOKEN: 'other',
    CLAUDE_CODE_OAUTH_TOKEN: 'oauth-from-env',
    NPM_TOKEN: 'npm',
  };

  it('keeps what the CLI and git need and adds only the given credential', () => {
    const env = buildClaudeEnv(source, { anthropicApiKey: 'sk-ant-given' });
    expect(env).toMatchObject({
      PATH: '/usr/bin',
      HOME: '/home/runner',
      LC_ALL: 'C.UTF-8',
      GIT_AUTHOR_NAME: 'Cyrus',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:1',
      CLAUDE_CODE_USE_BEDROCK: '0',
      ANTHROPIC_API_KEY: 'sk-ant-given',
      DISABLE_AUTOUPDATER: '1',
      GIT_TERMINAL_PROMPT: '0',
    });
    for (const name of [
      'GITHUB_TOKEN',
      'INPUT_GITHUB_TOKEN',
      'LINEAR_API_KEY',
      'CODEGEN_API_TOKEN',
      'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
      'GIT_CONFIG_PARAMETERS',
      'GIT_ASKPASS',
      'ANTHROPIC_AUTH_TOKEN',
      'CLAUDE_CODE_OAUTH_TOKEN',
      'NPM_TOKEN',
    ]) {
      expect(env[name], name).toBeUndefined();
    }
  });

  it('passes an OAuth token when no API key is given, and no credential when neither is', () => {
    expect(buildClaudeEnv(source, { oauthToken: 'oauth-given' })).toMatchObject({
      CLAUDE_CODE_OAUTH_TOKEN: 'oauth-given',
    });
    const none = buildClaudeEnv(source, {});
    expect(none.ANTHROPIC_API_KEY).toBeUndefined();
    expect(none.CLAUDE_CODE_OAUTH_TOKEN).toBeUndefined();
  });
});

import { homedir } from 'node:os';
import path from 'node:path';
import { runCommand } from '../../claude/command.js';
import {
  buildClaudeEnv,
  claudePlatform,
  isExecutable,
  PINNED_CLAUDE_VERSION,
  parseClaudeVersion,
} from '../../claude/index.js';
import { envValue } from '../../util/env-value.js';
import type { CheckOutcome, ProbeContext } from '../module.js';
import { failed, ok } from '../probe-outcome.js';

/** `claude --version` is the pinned one, and there is a credential for it. */
export async function probeLocalExecutor(context: ProbeContext): Promise<CheckOutcome> {
  const settings = context;
  const env = {
    anthropicApiKey: envValue(context.env, 'ANTHROPIC_API_KEY'),
    claudeOauthToken: envValue(context.env, 'CLAUDE_CODE_OAUTH_TOKEN'),
    toolCache: envValue(context.env, 'RUNNER_TOOL_CACHE'),
  };
  const binary =
    context.claudePath ?? envValue(context.env, 'CLAUDE_PATH') ?? (await findClaude(env.toolCache));
  const install = `npm install -g @anthropic-ai/claude-code@${PINNED_CLAUDE_VERSION}, or pass --claude-path (on a runner the action installs it itself)`;
  if (!binary) return failed('claude is not installed (not on PATH, not in the tool cache)', install);
  const result = await runCommand(binary, ['--version'], {
    env: buildClaudeEnv(process.env, {}),
    timeoutMs: settings.timeoutMs,
  });
  if (result.startError) return failed(`${binary} does not run: ${result.startError}`, install);
  if (result.timedOut)
    return failed(`\`${binary} --version\` did not answer within ${settings.timeoutMs / 1000}s`);
  const version = parseClaudeVersion(result.stdout);
  if (result.code !== 0 || !version) {
    return failed(
      `\`${binary} --version\` failed (exit ${result.code}): ${(result.stderr || result.stdout).trim().slice(0, 200)}`,
    );
  }
  if (version !== PINNED_CLAUDE_VERSION) {
    return failed(
      `claude at ${binary} is ${version}; this action is built and tested with ${PINNED_CLAUDE_VERSION}`,
      install,
    );
  }
  const credential = env.anthropicApiKey
    ? 'ANTHROPIC_API_KEY'
    : env.claudeOauthToken
      ? 'CLAUDE_CODE_OAUTH_TOKEN'
      : undefined;
  if (!credential) {
    return failed(
      'no Anthropic credential: ANTHROPIC_API_KEY and CLAUDE_CODE_OAUTH_TOKEN are both unset',
      `Claude Code ${version} is installed at ${binary}; set one of them (the action takes anthropic-api-key)`,
    );
  }
  return ok(
    'Ready',
    `Claude Code ${version} (the pinned version) at ${binary}; credential from ${credential}`,
  );
}

/** `claude` on PATH, else the action's tool cache (where a runner keeps the pinned install). */
async function findClaude(toolCache: string | undefined): Promise<string | undefined> {
  const names = process.platform === 'win32' ? ['claude.exe', 'claude.cmd'] : ['claude'];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      if (await isExecutable(path.join(dir, name))) return path.join(dir, name);
    }
  }
  const platform = claudePlatform();
  const cache = toolCache ?? path.join(homedir(), '.cache', 'codegen-action');
  const cached = path.join(
    cache,
    'claude-code',
    PINNED_CLAUDE_VERSION,
    platform.key,
    'node_modules',
    ...platform.packageName.split('/'),
    platform.binaryName,
  );
  return (await isExecutable(cached)) ? cached : undefined;
}

import { DEFAULTS } from '../config/index.js';
import { EXECUTOR_MODULES } from '../executors/index.js';
import {
  type CommandContext,
  type CommandInput,
  type CommandSpec,
  EXIT,
  printJson,
  stringOption,
} from './command.js';
import { readCliEnvironment, resolveRepository } from './env.js';
import { secondsOption } from './options.js';
import { type CheckOutcome, probeConfig, probeGitHub, probeLinear } from './status-checks.js';
import { probeMerge } from './status-merge.js';
import { executorVerdict } from './status-verdict.js';

interface StatusLine extends CheckOutcome {
  /** `config`, `github`, `linear`, `merge`, or an executor's own id (`local`, `cloud`, ...). */
  id: string;
  name: string;
  /** A failure of a required part makes the exit code non-zero. */
  required: boolean;
}

const ICON: Record<CheckOutcome['status'], string> = { ok: '✅', failed: '❌', skipped: '➖' };

export const statusCommand: CommandSpec = {
  path: ['status'],
  summary: 'check config, GitHub, Linear, Codegen and Claude Code for real',
  description:
    'Checks every part the action needs, each with a timeout: the config file parses and resolves; ' +
    'the GitHub token reaches the repository with push access; the Linear key answers `viewer`; ' +
    "Codegen answers `users/me` and lists the org's repositories (this one among them); `claude --version` " +
    'is the pinned version and an Anthropic credential is set.\n\n' +
    'Credentials come from the environment: GITHUB_TOKEN (or GH_TOKEN), LINEAR_API_KEY, CODEGEN_API_TOKEN, ' +
    'CODEGEN_ORG_ID, ANTHROPIC_API_KEY (or CLAUDE_CODE_OAUTH_TOKEN); endpoints from GITHUB_API_URL, ' +
    'LINEAR_API_URL, CODEGEN_API_URL.\n\n' +
    'Exits 1 when something required is not ready: the config, GitHub, the local executor (Claude Code plans ' +
    'every issue), Linear when a key is set, and Codegen when the strategy needs it (cloud-only, hybrid-parallel) or it is set up.',
  options: {
    repo: {
      type: 'string',
      value: 'OWNER/NAME',
      description: 'repository (default: GITHUB_REPOSITORY, else the origin remote)',
    },
    timeout: { type: 'string', value: 'SECONDS', description: 'deadline of each check (default 10)' },
    'claude-path': {
      type: 'string',
      value: 'FILE',
      description: 'the claude executable to check (default: CLAUDE_PATH, PATH, the tool cache)',
    },
  },
  positionals: { min: 0, max: 0 },
  examples: ['cyrus status', 'GITHUB_TOKEN=$(gh auth token) cyrus status --repo acme/widgets --json'],
  run: runStatus,
};

async function runStatus(ctx: CommandContext, input: CommandInput): Promise<number> {
  const timeoutMs = secondsOption(input, 'timeout', 10);
  const env = readCliEnvironment(ctx.env);
  const source = await resolveRepository(stringOption(input, 'repo'), ctx.env, ctx.cwd);
  const settings = { timeoutMs, logger: ctx.logger };

  const config = await probeConfig(ctx.cwd, ctx.configFile, env, source?.repository);
  const resolved = config.config;
  // Every executor module with a status line, checked in parallel with GitHub and Linear; those
  // on the runner first, as the lines have always read (Local, then Cloud).
  const executors = [...EXECUTOR_MODULES]
    .sort((a, b) => Number(!a.capabilities.needsRunner) - Number(!b.capabilities.needsRunner))
    .flatMap((m) => (m.status ? [{ module: m, check: m.status }] : []));
  const [github, linear, ...probed] = await Promise.all([
    probeGitHub(env, source, resolved?.ledger.stateBranch ?? DEFAULTS.stateBranch, settings),
    probeLinear(env, settings),
    ...executors.map(({ module, check }) =>
      check.probe({
        config: resolved,
        block: resolved?.executors[module.kind],
        env: ctx.env,
        repository: source?.repository,
        claudePath: stringOption(input, 'claude-path'),
        ...settings,
      }),
    ),
  ]);
  const lines: StatusLine[] = [
    { id: 'config', name: 'Config', required: true, ...config },
    { id: 'github', name: 'GitHub', required: true, ...github },
    { id: 'linear', name: 'Linear', required: linear.status !== 'skipped', ...linear },
    ...executors.flatMap(({ module, check }, i) => {
      const outcome = probed[i] ?? { status: 'failed' as const, summary: 'not checked' };
      if (!check.alwaysShown && outcome.status === 'skipped') return [];
      return [{ id: check.id, name: check.name, ...executorVerdict(module, resolved?.strategy, outcome) }];
    }),
  ];
  // Only a configured merge policy adds its line: with merge off nothing changes.
  if (resolved && resolved.merge.policy !== 'off')
    lines.push({
      id: 'merge',
      name: 'Merge policy',
      required: true,
      ...(await probeMerge(env, source, resolved, settings)),
    });
  const notReady = lines.filter((l) => l.required && l.status !== 'ok');
  const strategy = resolved ? { name: resolved.strategy, reason: resolved.strategyReason } : null;

  if (ctx.json) {
    printJson(ctx, {
      ready: notReady.length === 0,
      strategy,
      checks: lines.map(({ id, name, status, required, summary, detail }) => ({
        id,
        name,
        status,
        required,
        summary,
        detail,
      })),
    });
  } else {
    for (const line of lines) {
      ctx.io.out(`${ICON[line.status]} ${line.name}: ${line.summary}`);
      if (line.detail) ctx.io.out(`   ${line.detail}`);
    }
    ctx.io.out(
      strategy ? `📊 Strategy: ${strategy.name}` : '📊 Strategy: unknown (the config does not resolve)',
    );
    if (strategy) ctx.io.out(`   ${strategy.reason}`);
    if (notReady.length > 0)
      ctx.io.err(`Not ready: ${notReady.map((l) => l.name).join(', ')} (see the ❌ lines).`);
  }
  return notReady.length === 0 ? EXIT.ok : EXIT.failure;
}

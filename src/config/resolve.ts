import { UserError } from '../util/errors.js';
import type { ConfigFile, CyrusRepository, MergePolicy, Strategy } from './schema.js';

/** Settings that come from action inputs (or CLI flags); each wins over the file. */
export interface ConfigOverrides {
  strategy?: Strategy;
  triggerLabel?: string;
  allowedBots?: string[];
  maxSubtasks?: number;
  maxParallel?: number;
  maxCostPerTask?: number;
  maxCostPerDay?: number;
  wait?: boolean;
  waitTimeoutMinutes?: number;
  validateCommand?: string;
  review?: boolean;
  stateBranch?: string;
  codegenOrgId?: number;
  merge?: MergePolicy;
}

export interface ResolveContext {
  /** `owner/repo`, to pick the matching entry of a Cyrus-style `repositories` list. */
  repository?: string;
  /** Whether a Codegen token was given; with an org id, that is what "Codegen configured" means. */
  hasCodegenToken: boolean;
}

/** The effective configuration: every setting decided, with where the strategy came from. */
export interface ResolvedConfig {
  strategy: Strategy;
  strategyReason: string;
  codegen: {
    enabled: boolean;
    /** Enabled, with an org id and a token: cloud execution is possible. */
    configured: boolean;
    orgId?: number;
    repoId?: number;
    agentType?: 'codegen' | 'claude_code';
    model?: string;
    pricing: { perRunUsd: number; perMinuteUsd: number };
    features: { parallelExecution: boolean; useMcpServers: boolean; enableTracing: boolean };
  };
  budget: { maxCostPerTask?: number; maxCostPerDay?: number };
  claude: { model?: string; allowedTools: string[]; maxTurns: number };
  planner: { maxSubtasks: number; maxTurns: number };
  trigger: { label: string; allowedBots: string[] };
  sweep: { maxIssues: number };
  validation: {
    command?: string;
    review: boolean;
    fixAttempts: number;
    timeoutMinutes: number;
    noChecksGraceSeconds: number;
  };
  linear: {
    states: { started: string; inReview: string; completed: string };
    subIssues: boolean;
    /** Team keys, upper case; empty: the sweep does not look in Linear. */
    teams: string[];
    triggers: { label: boolean; delegated: boolean; allowedUsers: string[] };
  };
  concurrency: {
    maxParallel: number;
    wait: boolean;
    waitTimeoutMinutes: number;
    dependencyGate: 'green' | 'merged';
  };
  ledger: { stateBranch: string };
  merge: { policy: MergePolicy; method?: 'squash' | 'merge' | 'rebase' };
  /** Executor plugins' own blocks, by kind, as written: each module validates its own. */
  executors: Record<string, unknown>;
}

export const DEFAULTS = {
  allowedBots: ['linear[bot]', 'linear-code[bot]'],
  triggerLabel: 'cyrus',
  maxSubtasks: 6,
  maxParallel: 4,
  waitTimeoutMinutes: 60,
  stateBranch: 'cyrus-state',
  sweepMaxIssues: 5,
  fixAttempts: 2,
  claudeTools: ['Read', 'Glob', 'Grep', 'LS', 'Edit', 'MultiEdit', 'Write'],
  claudeMaxTurns: 60,
  plannerMaxTurns: 20,
  codegenPerRunUsd: 0.5,
  codegenPerMinuteUsd: 0,
} as const;

/** Action inputs over the config file over defaults, then the cross-field rules on the result. */
export function resolveConfig(
  file: ConfigFile,
  overrides: ConfigOverrides,
  context: ResolveContext,
): ResolvedConfig {
  const codegen = file.codegen ?? {};
  const orgId = overrides.codegenOrgId ?? codegen.orgId;
  const enabled = codegen.enabled ?? (orgId !== undefined || context.hasCodegenToken);
  const configured = enabled && orgId !== undefined && context.hasCodegenToken;
  const repository = matchRepository(file.repositories ?? [], context.repository);

  const explicit = overrides.strategy ?? codegen.strategy;
  const strategy: Strategy = explicit ?? (configured ? 'hybrid-parallel' : 'local-only');
  const strategyReason = overrides.strategy
    ? 'set by the `strategy` input'
    : codegen.strategy
      ? 'set by codegen.strategy in the config file'
      : configured
        ? 'default: Codegen is configured'
        : 'default: Codegen is not configured';

  const budget = {
    maxCostPerTask: overrides.maxCostPerTask ?? codegen.maxCostPerTask,
    maxCostPerDay: overrides.maxCostPerDay ?? codegen.maxCostPerDay,
  };
  if (
    budget.maxCostPerTask !== undefined &&
    budget.maxCostPerDay !== undefined &&
    budget.maxCostPerTask > budget.maxCostPerDay
  ) {
    throw new UserError(
      `The per-task budget ($${budget.maxCostPerTask}) is above the daily budget ($${budget.maxCostPerDay}); ` +
        'lower `max-cost-per-task` / codegen.maxCostPerTask or raise `max-cost-per-day` / codegen.maxCostPerDay.',
    );
  }
  if (explicit && explicit !== 'local-only' && !configured) {
    const missing = [
      codegen.enabled === false && 'codegen.enabled is false',
      orgId === undefined && 'no org id (`codegen-org-id` input or codegen.orgId)',
      !context.hasCodegenToken && 'no token (`codegen-api-token` input)',
    ].filter(Boolean);
    if (explicit === 'cloud-only' || explicit === 'hybrid-parallel') {
      throw new UserError(
        `Strategy "${explicit}" needs Codegen, but ${missing.join(', ')}; ` +
          'configure Codegen (`cyrus codegen setup`) or choose strategy "local-only".',
      );
    }
  }

  return {
    strategy,
    strategyReason,
    codegen: {
      enabled,
      configured,
      orgId,
      repoId: codegen.repoId,
      agentType: codegen.agentType,
      model: codegen.model,
      pricing: {
        perRunUsd: codegen.pricing?.perRunUsd ?? DEFAULTS.codegenPerRunUsd,
        perMinuteUsd: codegen.pricing?.perMinuteUsd ?? DEFAULTS.codegenPerMinuteUsd,
      },
      features: {
        parallelExecution: codegen.features?.parallelExecution ?? true,
        useMcpServers: codegen.features?.useMcpServers ?? false,
        enableTracing: codegen.features?.enableTracing ?? false,
      },
    },
    budget,
    claude: {
      model: file.claude?.model,
      allowedTools: file.claude?.allowedTools ?? repository?.allowedTools ?? [...DEFAULTS.claudeTools],
      maxTurns: file.claude?.maxTurns ?? DEFAULTS.claudeMaxTurns,
    },
    planner: {
      maxSubtasks: overrides.maxSubtasks ?? file.planner?.maxSubtasks ?? DEFAULTS.maxSubtasks,
      maxTurns: file.planner?.maxTurns ?? DEFAULTS.plannerMaxTurns,
    },
    trigger: {
      label: overrides.triggerLabel ?? file.trigger?.label ?? DEFAULTS.triggerLabel,
      allowedBots: overrides.allowedBots ?? file.trigger?.allowedBots ?? [...DEFAULTS.allowedBots],
    },
    sweep: {
      maxIssues: file.sweep?.maxIssues ?? DEFAULTS.sweepMaxIssues,
    },
    validation: {
      command: overrides.validateCommand ?? file.validation?.command,
      review: overrides.review ?? file.validation?.review ?? false,
      fixAttempts: file.validation?.fixAttempts ?? DEFAULTS.fixAttempts,
      timeoutMinutes: file.validation?.timeoutMinutes ?? 30,
      noChecksGraceSeconds: file.validation?.noChecksGraceSeconds ?? 60,
    },
    linear: {
      states: {
        started: file.linear?.states?.started ?? 'In Progress',
        inReview: file.linear?.states?.inReview ?? 'In Review',
        completed: file.linear?.states?.completed ?? 'Done',
      },
      subIssues: file.linear?.subIssues ?? false,
      teams: (file.linear?.teams ?? []).map((t) => t.toUpperCase()),
      triggers: {
        label: file.linear?.triggers?.label ?? true,
        delegated: file.linear?.triggers?.delegated ?? true,
        allowedUsers: file.linear?.triggers?.allowedUsers ?? [],
      },
    },
    concurrency: {
      maxParallel:
        codegen.features?.parallelExecution === false
          ? 1
          : (overrides.maxParallel ?? file.concurrency?.maxParallel ?? DEFAULTS.maxParallel),
      wait: overrides.wait ?? file.concurrency?.wait ?? true,
      waitTimeoutMinutes:
        overrides.waitTimeoutMinutes ?? file.concurrency?.waitTimeoutMinutes ?? DEFAULTS.waitTimeoutMinutes,
      dependencyGate: file.concurrency?.dependencyGate ?? 'green',
    },
    ledger: { stateBranch: overrides.stateBranch ?? file.ledger?.stateBranch ?? DEFAULTS.stateBranch },
    merge: {
      policy: overrides.merge ?? (typeof file.merge === 'string' ? file.merge : file.merge?.policy) ?? 'off',
      method: typeof file.merge === 'string' ? undefined : file.merge?.method,
    },
    executors: { ...file.executors },
  };
}

/**
 * The Cyrus repository entry for this repository: by GitHub URL, then by name, then the
 * only entry when there is just one.
 */
export function matchRepository(
  entries: readonly CyrusRepository[],
  fullName?: string,
): CyrusRepository | undefined {
  if (fullName) {
    const lower = fullName.toLowerCase();
    const byUrl = entries.find((e) =>
      e.githubUrl
        ?.toLowerCase()
        .replace(/\.git$/, '')
        .endsWith(`/${lower}`),
    );
    if (byUrl) return byUrl;
    const repoName = lower.split('/')[1];
    const byName = entries.find(
      (e) => e.name?.toLowerCase() === repoName || e.id?.toLowerCase() === repoName,
    );
    if (byName) return byName;
  }
  return entries.length === 1 ? entries[0] : undefined;
}

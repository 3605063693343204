import { z } from 'zod';

export const STRATEGIES = [
  'local-only',
  'cloud-only',
  'hybrid-smart',
  'hybrid-parallel',
  'cost-optimized',
] as const;
export const Strategy = z.enum(STRATEGIES);
export type Strategy = z.infer<typeof Strategy>;

const usd = z.number().finite().nonnegative();
const positiveInt = z.number().int().positive();

/** Codegen org ids are integers; a numeric string (as YAML users sometimes quote it) is accepted. */
const OrgId = z.union([positiveInt, z.string().regex(/^\d+$/).transform(Number)]);

/** The design's own `codegen` block (the config file), plus the run-price estimate the API cannot give. */
export const CodegenSection = z.strictObject({
  enabled: z.boolean().optional(),
  orgId: OrgId.optional(),
  /** Codegen's id of this repository (`cyrus codegen setup` picks it), for orgs with several. */
  repoId: positiveInt.optional(),
  strategy: Strategy.optional(),
  maxCostPerTask: usd.optional(),
  maxCostPerDay: usd.optional(),
  agentType: z.enum(['codegen', 'claude_code']).optional(),
  model: z.string().min(1).optional(),
  /** Codegen's API reports no cost: runs are priced from these and marked as estimates. */
  pricing: z
    .strictObject({
      perRunUsd: usd.optional(),
      perMinuteUsd: usd.optional(),
    })
    .optional(),
  /**
   * The design's feature flags, accepted as written. parallelExecution: false runs one task at a
   * time; useMcpServers and enableTracing have no switch in Codegen's API and change nothing.
   */
  features: z
    .strictObject({
      parallelExecution: z.boolean().optional(),
      useMcpServers: z.boolean().optional(),
      enableTracing: z.boolean().optional(),
    })
    .optional(),
});

export const ClaudeSection = z.strictObject({
  model: z.string().min(1).optional(),
  allowedTools: z.array(z.string().min(1)).optional(),
  maxTurns: positiveInt.max(500).optional(),
});

export const PlannerSection = z.strictObject({
  maxSubtasks: positiveInt.max(50).optional(),
  maxTurns: positiveInt.max(200).optional(),
});

export const TriggerSection = z.strictObject({
  label: z.string().trim().min(1).optional(),
  allowedBots: z.array(z.string().trim().min(1)).optional(),
});

export const SweepSection = z.strictObject({
  /** Issues picked per scheduled run. */
  maxIssues: positiveInt.max(100).optional(),
});

export const ValidationSection = z.strictObject({
  command: z.string().trim().min(1).optional(),
  review: z.boolean().optional(),
  /** Attempts to fix a failing PR, each handing the failing checks back to the agent that wrote it. */
  fixAttempts: z.number().int().min(0).max(10).optional(),
  timeoutMinutes: positiveInt.max(360).optional(),
  /** With no check at all on a PR head after this long, CI did not start (default 60). */
  noChecksGraceSeconds: positiveInt.max(3600).optional(),
});

export const LinearSection = z.strictObject({
  states: z
    .strictObject({
      started: z.string().trim().min(1).optional(),
      inReview: z.string().trim().min(1).optional(),
      /** Where the issue goes once every subtask PR has merged (merge policy auto or queue). */
      completed: z.string().trim().min(1).optional(),
    })
    .optional(),
  subIssues: z.boolean().optional(),
  /** Team keys (`ENG`) whose issues belong to this repository: the sweep looks for work there. */
  teams: z
    .array(
      z
        .string()
        .trim()
        .refine((key) => /^[A-Za-z][A-Za-z0-9]{0,9}$/.test(key), 'expected a Linear team key such as ENG'),
    )
    .optional(),
  /** What counts as work in those teams, and whose trigger counts. */
  triggers: z
    .strictObject({
      /** The trigger label (trigger.label) applied in Linear. */
      label: z.boolean().optional(),
      /** Delegated to the app (an app token, `actor=app`). */
      delegated: z.boolean().optional(),
      /** When set, only these Linear users (email or display name) may trigger; members otherwise. */
      allowedUsers: z.array(z.string().trim().min(1)).optional(),
    })
    .optional(),
});

export const ConcurrencySection = z.strictObject({
  maxParallel: positiveInt.max(50).optional(),
  wait: z.boolean().optional(),
  waitTimeoutMinutes: positiveInt.max(24 * 60).optional(),
  /** When a dependent may start: its prerequisite's PR is up and green, or merged. */
  dependencyGate: z.enum(['green', 'merged']).optional(),
});

/** What happens to a validated subtask PR: nothing (a person merges), GitHub auto-merge, or the merge queue. */
export const MERGE_POLICIES = ['off', 'auto', 'queue'] as const;
export type MergePolicy = (typeof MERGE_POLICIES)[number];

export const MergeSection = z.strictObject({
  policy: z.enum(MERGE_POLICIES).optional(),
  /** A merge method the repository allows; default: the first of squash, merge, rebase it allows. */
  method: z.enum(['squash', 'merge', 'rebase']).optional(),
});

export const LedgerSection = z.strictObject({
  stateBranch: z.string().trim().min(1).optional(),
});

/**
 * A repository entry of a Cyrus config. Cyrus has many more fields; they are kept but unused,
 * except `allowedTools` and the fields that identify the repository.
 */
export const CyrusRepository = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  githubUrl: z.string().optional(),
  repositoryPath: z.string().optional(),
  baseBranch: z.string().optional(),
  allowedTools: z.array(z.string().min(1)).optional(),
});
export type CyrusRepository = z.infer<typeof CyrusRepository>;

/** The whole file: every section optional; unknown keys are errors (with a suggestion). */
export const ConfigFile = z
  .strictObject({
    codegen: CodegenSection.optional(),
    claude: ClaudeSection.optional(),
    planner: PlannerSection.optional(),
    trigger: TriggerSection.optional(),
    sweep: SweepSection.optional(),
    validation: ValidationSection.optional(),
    linear: LinearSection.optional(),
    concurrency: ConcurrencySection.optional(),
    ledger: LedgerSection.optional(),
    /**
     * One block per executor plugin (`executors.command: {...}`), each checked by its own module's
     * schema when the runtime starts it: the config file does not know the executors' names.
     */
    executors: z.record(z.string().min(1), z.unknown()).optional(),
    /** `merge: auto` is short for `merge: { policy: auto }`. */
    merge: z.union([z.enum(MERGE_POLICIES), MergeSection]).optional(),
    repositories: z.array(CyrusRepository).optional(),
  })
  .superRefine((file, ctx) => {
    const task = file.codegen?.maxCostPerTask;
    const day = file.codegen?.maxCostPerDay;
    // Only between two valid budgets: a negative one is reported by itself, without a knock-on.
    if (task !== undefined && day !== undefined && task >= 0 && day >= 0 && task > day) {
      ctx.addIssue({
        code: 'custom',
        path: ['codegen', 'maxCostPerTask'],
        message: `must not be above codegen.maxCostPerDay (${day})`,
      });
    }
  });
export type ConfigFile = z.infer<typeof ConfigFile>;

/** Every top-level and section key, for did-you-mean suggestions. */
export function knownKeys(path: readonly (string | number)[]): string[] {
  const sections: Record<string, z.ZodType> = {
    codegen: CodegenSection,
    claude: ClaudeSection,
    planner: PlannerSection,
    trigger: TriggerSection,
    sweep: SweepSection,
    validation: ValidationSection,
    linear: LinearSection,
    concurrency: ConcurrencySection,
    ledger: LedgerSection,
    merge: MergeSection,
  };
  let shape: z.ZodType | undefined = path.length === 0 ? ConfigFile : sections[String(path[0])];
  for (const segment of path.slice(1)) {
    shape = shape ? childOf(shape, String(segment)) : undefined;
  }
  if (path.length === 0) return Object.keys(sections).concat('repositories');
  return shape ? keysOf(shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  while (
    current instanceof z.ZodOptional ||
    current instanceof z.ZodDefault ||
    current instanceof z.ZodPipe
  ) {
    current = current instanceof z.ZodPipe ? (current.in as z.ZodType) : (current.unwrap() as z.ZodType);
  }
  return current;
}

function keysOf(schema: z.ZodType): string[] {
  const inner = unwrap(schema);
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : [];
}

function childOf(schema: z.ZodType, key: string): z.ZodType | undefined {
  const inner = unwrap(schema);
  return inner instanceof z.ZodObject ? (inner.shape[key] as z.ZodType | undefined) : undefined;
}

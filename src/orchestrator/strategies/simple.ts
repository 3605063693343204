import { ORCHESTRATION_KINDS, type StrategyPolicy, settle } from './policy.js';

/** Everything with Claude Code on the runner: the behaviour without Codegen. */
export const localOnly: StrategyPolicy = {
  name: 'local-only',
  choose: (input) =>
    settle('local', 'strategy local-only runs every task locally', {
      ...input,
      available: {
        ...input.available,
        cloud: { ok: false, reason: 'strategy local-only never uses Codegen' },
      },
    }),
};

/** Every execution task on Codegen. */
export const cloudOnly: StrategyPolicy = {
  name: 'cloud-only',
  choose: (input) => settle('cloud', 'strategy cloud-only runs every task on Codegen', input),
};

/** Orchestration (analysis, review) local; all execution (implementation, tests, docs) in the cloud, in parallel. */
export const hybridParallel: StrategyPolicy = {
  name: 'hybrid-parallel',
  choose: (input) =>
    ORCHESTRATION_KINDS.has(input.task.kind)
      ? settle('local', `hybrid-parallel keeps ${input.task.kind} tasks local`, input)
      : settle('cloud', `hybrid-parallel sends ${input.task.kind} tasks to Codegen`, input),
};

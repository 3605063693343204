import { labelOf, ORCHESTRATION_KINDS, type StrategyPolicy, settle } from './policy.js';

/** Everything on the runner: the behaviour without a cloud executor. */
export const localOnly: StrategyPolicy = {
  name: 'local-only',
  choose: (input) =>
    settle('runner', 'strategy local-only runs every task locally', {
      ...input,
      candidates: input.candidates.map((c) =>
        c.capabilities.needsRunner
          ? c
          : { ...c, available: { ok: false, reason: `strategy local-only never uses ${c.label}` } },
      ),
    }),
};

/** Every execution task in the cloud. */
export const cloudOnly: StrategyPolicy = {
  name: 'cloud-only',
  choose: (input) =>
    settle('elsewhere', `strategy cloud-only runs every task on ${labelOf('elsewhere', input)}`, input),
};

/** Orchestration (analysis, review) local; all execution (implementation, tests, docs) in the cloud, in parallel. */
export const hybridParallel: StrategyPolicy = {
  name: 'hybrid-parallel',
  choose: (input) =>
    ORCHESTRATION_KINDS.has(input.task.kind)
      ? settle('runner', `hybrid-parallel keeps ${input.task.kind} tasks local`, input)
      : settle(
          'elsewhere',
          `hybrid-parallel sends ${input.task.kind} tasks to ${labelOf('elsewhere', input)}`,
          input,
        ),
};

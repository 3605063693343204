import type {
  ExecutionResult,
  ExecutorRegistry,
  IssueRef,
  Plan,
  PullRequestRef,
  RepositoryRef,
  Task,
} from '../domain/index.js';
import type { IssueRecord, Ledger } from '../ledger/index.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import type { DependencyGate } from './readiness.js';
import type { StrategyPolicy } from './strategies/index.js';

export interface OrchestratorSettings {
  maxParallel: number;
  maxCostPerTaskUsd?: number;
  maxCostPerDayUsd?: number;
  /** Extra attempts for a failure of the work itself, each with the evidence of the last one. */
  fixAttempts: number;
  dependencyGate: DependencyGate;
  baseBranch: string;
  /** false: start the work, record it and return; later events carry it forward (the action interface). */
  wait: boolean;
  /** Absolute deadline (epoch ms) of this job's waiting. */
  deadline: number;
  /** This job's id in the ledger (GITHUB_RUN_ID, or a CLI run id). */
  runId: string;
  workingDirectory: string;
  repository: RepositoryRef;
  /**
   * How a job shows it is alive while it runs a local attempt, and how old an unfinished attempt
   * without news must be before another job takes it over. Defaults: 60 s and 3 min.
   */
  liveness?: { heartbeatMs: number; staleAfterMs: number };
}

export const DEFAULT_LIVENESS = { heartbeatMs: 60_000, staleAfterMs: 3 * 60_000 };

/** The verdict on a task's PR once it exists: CI and validation (issue 6 plugs the real one in). */
export interface PullRequestVerdict {
  /** `unverified`: the PR's CI did not run (and could not be started): not a pass, not the work's fault. */
  verdict: 'passed' | 'failed' | 'timed_out' | 'unverified';
  reasons: string[];
  /** For `unverified`: what a person must change so CI runs. */
  action?: { text: string; link?: { label: string; url: string } };
  /** What the agent needs to fix it (failing checks, command output), handed back on a retry. */
  evidence?: string;
}

export type VerifyPullRequest = (task: Task, result: ExecutionResult) => Promise<PullRequestVerdict>;

export interface OrchestratorDependencies {
  ledger: Ledger;
  registry: ExecutorRegistry;
  strategy: StrategyPolicy;
  /** Finds a branch's PR on GitHub, for work re-attached after a restart. */
  findPullRequest: (branch: string) => Promise<PullRequestRef | null>;
  verify?: VerifyPullRequest;
  clock: Clock;
  logger: Logger;
  /** Told after each change of the issue's record, to refresh reports (the tracking comment). */
  onRecord?: (record: IssueRecord) => void | Promise<void>;
  /**
   * Asked at every checkpoint (before dispatching): a reason means someone stopped the work (the
   * Linear session's stop), so nothing new starts and the tasks not started are held with it.
   */
  shouldStop?: () => Promise<string | undefined>;
}

export interface OrchestrationInput {
  issue: IssueRef;
  plan: Plan;
  strategyName: string;
}

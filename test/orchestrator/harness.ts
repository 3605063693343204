import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CodegenClient, CodegenRunMonitor } from '../../src/codegen/index.js';
import { ExecutorRegistry, type IssueRef, Plan } from '../../src/domain/index.js';
import { codegenExecutorDescriptor } from '../../src/executors/codegen/index.js';
import { createGitHubClient, type GitHubGateway, OctokitGitHubGateway } from '../../src/github/index.js';
import { GitHubBranchStore, Ledger, type LedgerStore, LocalDirectoryStore } from '../../src/ledger/index.js';
import {
  type OrchestratorDependencies,
  type OrchestratorSettings,
  strategyPolicy,
  TaskOrchestrator,
} from '../../src/orchestrator/index.js';
import type { Clock } from '../../src/util/clock.js';
import { MemoryLogger } from '../../src/util/logger.js';
import type { CodegenStandIn } from '../standins/codegen/index.js';
import type { GitHubStandIn } from '../standins/github/index.js';

export const OWNER = 'acme';
export const REPO = 'widgets';
export const ISSUE: IssueRef = { identifier: 'ENG-9', title: 'Add login and signup' };
export const PRICING = { perRunUsd: 0.5, perMinuteUsd: 0 };

/** API, UI independent; tests after both (the design's own example, plus a dependent). */
export const AUTH_PLAN = Plan.parse({
  summary: 'Add login and signup',
  tasks: [
    {
      id: 'api',
      title: 'Auth API endpoints',
      kind: 'implementation',
      prompt: 'Add POST /login.',
      size: 'm',
      files: ['src/auth/api.ts'],
    },
    {
      id: 'ui',
      title: 'Login UI',
      kind: 'implementation',
      prompt: 'Add the login form.',
      size: 'm',
      files: ['src/ui/login.tsx'],
    },
    {
      id: 'tests',
      title: 'Integration tests',
      kind: 'test',
      prompt: 'Test the flow.',
      size: 'm',
      dependsOn: ['api', 'ui'],
    },
  ],
});

export type StoreKind = 'dir' | 'github';

/** One job's worth of wiring: its own Codegen client and monitor, ledger view and logger. */
export interface Job {
  orchestrator: TaskOrchestrator;
  ledger: Ledger;
  logger: MemoryLogger;
  monitor: CodegenRunMonitor;
  settings: OrchestratorSettings;
}

let jobCounter = 0;

export interface JobOptions {
  clock: Clock;
  codegen: CodegenStandIn;
  github: GitHubStandIn;
  store: StoreKind;
  /** Shared location: a directory for 'dir', a branch name for 'github'. */
  location: string;
  settings?: Partial<OrchestratorSettings>;
  strategy?: Parameters<typeof strategyPolicy>[0];
  deps?: Partial<OrchestratorDependencies>;
  /** The GitHub stand-in's token; default its default. */
  githubToken?: string;
  /** Extra executors (the local one) registered beside Codegen. */
  register?: (registry: ExecutorRegistry, gateway: GitHubGateway) => void;
}

export function newLocation(kind: StoreKind): string {
  return kind === 'dir'
    ? mkdtempSync(path.join(os.tmpdir(), 'orch-ledger-'))
    : `state-${Math.random().toString(36).slice(2, 8)}`;
}

export function makeJob(options: JobOptions): Job {
  const id = ++jobCounter;
  const logger = new MemoryLogger();
  const githubClient = createGitHubClient({
    token: options.githubToken ?? 'ghs_test',
    baseUrl: options.github.url,
    throttleId: `job-${id}`,
  });
  const gateway = new OctokitGitHubGateway(githubClient, { owner: OWNER, repo: REPO });
  const store: LedgerStore =
    options.store === 'dir'
      ? new LocalDirectoryStore(options.location, options.clock)
      : new GitHubBranchStore(githubClient, { owner: OWNER, repo: REPO }, options.location);
  const ledger = new Ledger(store, options.clock);
  const client = new CodegenClient({
    token: 'cg_test_token',
    orgId: 42,
    baseUrl: options.codegen.url,
    clock: options.clock,
    logger,
    timeoutMs: 5_000,
  });
  const monitor = new CodegenRunMonitor(client, { logger });
  const registry = new ExecutorRegistry().register(
    codegenExecutorDescriptor({ client, monitor, gateway, logger, settings: { pricing: PRICING } }),
  );
  options.register?.(registry, gateway);
  const settings: OrchestratorSettings = {
    maxParallel: 4,
    fixAttempts: 2,
    dependencyGate: 'green',
    baseBranch: 'main',
    wait: true,
    deadline: options.clock.now() + 6 * 60 * 60_000,
    runId: `run-${id}`,
    workingDirectory: '/tmp/unused',
    repository: { owner: OWNER, repo: REPO },
    ...options.settings,
  };
  const deps: OrchestratorDependencies = {
    ledger,
    registry,
    strategy: strategyPolicy(options.strategy ?? 'cloud-only'),
    findPullRequest: async (branch) => {
      const pr = await gateway.findPullRequestByBranch(branch);
      return pr ? { number: pr.number, url: pr.url, headBranch: pr.headRef, title: pr.title } : null;
    },
    clock: options.clock,
    logger,
    ...options.deps,
  };
  return { orchestrator: new TaskOrchestrator(deps, settings), ledger, logger, monitor, settings };
}

/** Creates per ledger key, as the Codegen stand-in saw them. */
export function createsByKey(codegen: CodegenStandIn): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of codegen.requests) {
    if (request.route !== 'create' || request.status >= 300) continue;
    const key = String((request.body as { metadata?: { ledgerKey?: string } }).metadata?.ledgerKey ?? '?');
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

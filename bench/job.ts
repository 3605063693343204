import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CodegenClient, CodegenRunMonitor } from '../src/codegen/index.js';
import { ExecutorRegistry, type IssueRef } from '../src/domain/index.js';
import { codegenExecutorDescriptor } from '../src/executors/codegen/index.js';
import { createGitHubClient, OctokitGitHubGateway } from '../src/github/index.js';
import type { IssueRecord } from '../src/ledger/index.js';
import { Ledger, LocalDirectoryStore } from '../src/ledger/index.js';
import { strategyPolicy, TaskOrchestrator } from '../src/orchestrator/index.js';
import type { Clock } from '../src/util/clock.js';
import { MemoryLogger } from '../src/util/logger.js';

export const OWNER = 'acme';
export const REPO = 'widgets';
export const GITHUB_TOKEN = 'ghs_test';
export const CODEGEN_TOKEN = 'cg_test_token';
export const CODEGEN_ORG = 42;
const PRICING = { perRunUsd: 0.5, perMinuteUsd: 0 };

export interface BenchJobOptions {
  clock: Clock;
  codegenUrl: string;
  githubUrl: string;
  maxParallel: number;
  /** Told after every change of the issue's ledger record (the orchestrator's own hook). */
  onRecord: (record: IssueRecord) => void;
}

export interface BenchJob {
  /** Clock times at which this job sent each Codegen read (GET other than logs), as the job saw them. */
  readsSentAt: number[];
  orchestrator: TaskOrchestrator;
  ledger: Ledger;
  monitor: CodegenRunMonitor;
  logger: MemoryLogger;
  ledgerDirectory: string;
  claim(issue: IssueRef): Promise<void>;
}

/**
 * One job wired the way the action wires it (one Codegen client and one run monitor per job, the
 * cloud-only strategy, production defaults for polling and rate limits), except for the ledger: a
 * local directory instead of the state branch, because Octokit's throttling spaces GitHub writes
 * one real second apart, which a scaled clock would turn into simulated hours.
 */
export function benchJob(options: BenchJobOptions): BenchJob {
  const { clock } = options;
  const logger = new MemoryLogger();
  const githubClient = createGitHubClient({
    token: GITHUB_TOKEN,
    baseUrl: options.githubUrl,
    throttleId: 'bench',
  });
  const gateway = new OctokitGitHubGateway(githubClient, { owner: OWNER, repo: REPO });
  const ledgerDirectory = mkdtempSync(path.join(os.tmpdir(), 'bench-ledger-'));
  const ledger = new Ledger(new LocalDirectoryStore(ledgerDirectory, clock), clock);
  const readsSentAt: number[] = [];
  const recordingFetch: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if ((init?.method ?? 'GET') === 'GET' && !url.includes('/logs')) readsSentAt.push(clock.now());
    return fetch(input, init);
  };
  const client = new CodegenClient({
    token: CODEGEN_TOKEN,
    orgId: CODEGEN_ORG,
    baseUrl: options.codegenUrl,
    clock,
    logger,
    fetch: recordingFetch,
  });
  const monitor = new CodegenRunMonitor(client, { logger });
  const registry = new ExecutorRegistry().register(
    codegenExecutorDescriptor({ client, monitor, gateway, logger, settings: { pricing: PRICING } }),
  );
  const runId = `bench-${Date.now()}`;
  const orchestrator = new TaskOrchestrator(
    {
      ledger,
      registry,
      strategy: strategyPolicy('cloud-only'),
      findPullRequest: async (branch) => {
        const pr = await gateway.findPullRequestByBranch(branch);
        return pr ? { number: pr.number, url: pr.url, headBranch: pr.headRef, title: pr.title } : null;
      },
      clock,
      logger,
      onRecord: options.onRecord,
    },
    {
      maxParallel: options.maxParallel,
      fixAttempts: 2,
      dependencyGate: 'green',
      baseBranch: 'main',
      wait: true,
      deadline: clock.now() + 24 * 60 * 60_000,
      runId,
      workingDirectory: ledgerDirectory,
      repository: { owner: OWNER, repo: REPO },
    },
  );
  return {
    readsSentAt,
    orchestrator,
    ledger,
    monitor,
    logger,
    ledgerDirectory,
    claim: async (issue) => {
      await ledger.claimIssue(issue, runId);
    },
  };
}

import {
  CodegenClient,
  type CodegenClientOptions,
  CodegenRunMonitor,
  type RunMonitorOptions,
} from '../../src/codegen/index.js';
import type { ExecutionContext, ProgressEvent } from '../../src/domain/index.js';
import { CodegenExecutor, type CodegenExecutorOptions } from '../../src/executors/codegen/index.js';
import { createGitHubClient, OctokitGitHubGateway } from '../../src/github/index.js';
import type { Clock } from '../../src/util/clock.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { InstantClock } from '../helpers/instant-clock.js';
import type { GitHubStandIn } from '../standins/github/index.js';

export const OWNER = 'acme';
export const REPO = 'widgets';
export const ORG_ID = 42;
export const TOKEN = 'cg_test_token';

export function makeContext(clock: Clock, overrides: Partial<ExecutionContext> = {}): ExecutionContext {
  const taskId = overrides.task?.id ?? 't1';
  return {
    issue: { identifier: 'ENG-123', title: 'Add login and signup' },
    task: {
      id: taskId,
      title: 'Auth API endpoints',
      kind: 'implementation',
      prompt: 'Add POST /login and POST /signup to the API.',
      files: ['src/auth/api.ts'],
      acceptance: ['POST /login returns a session'],
      dependsOn: [],
      requiresIsolation: false,
      size: 'm',
    },
    attempt: 1,
    ledgerKey: `ENG-123/${taskId}/1`,
    repository: { owner: OWNER, repo: REPO },
    baseBranch: 'main',
    branch: `cyrus/eng-123-${taskId}`,
    workingDirectory: '/tmp/unused',
    deadline: Math.round(clock.now() + 60 * 60_000),
    ...overrides,
  };
}

export function makeClient(
  url: string,
  clock: Clock,
  options: Partial<CodegenClientOptions> = {},
): CodegenClient {
  return new CodegenClient({
    token: TOKEN,
    orgId: ORG_ID,
    baseUrl: url,
    clock,
    logger: new MemoryLogger(),
    timeoutMs: 5_000,
    ...options,
  });
}

export interface Cloud {
  client: CodegenClient;
  monitor: CodegenRunMonitor;
  logger: MemoryLogger;
  executor(options?: Partial<CodegenExecutorOptions>): CodegenExecutor;
}

/** A job's Codegen side: one client, one monitor, executors confirming PRs in the GitHub stand-in. */
export function makeCloud(
  url: string,
  gh: GitHubStandIn,
  clock: Clock,
  options: { client?: Partial<CodegenClientOptions>; monitor?: RunMonitorOptions } = {},
): Cloud {
  const logger = new MemoryLogger();
  const client = makeClient(url, clock, { logger, ...options.client });
  const monitor = new CodegenRunMonitor(client, { logger, ...options.monitor });
  const gateway = new OctokitGitHubGateway(createGitHubClient({ token: 'ghs_test', baseUrl: gh.url }), {
    owner: OWNER,
    repo: REPO,
  });
  return {
    client,
    monitor,
    logger,
    executor: (extra = {}) =>
      new CodegenExecutor({
        client,
        monitor,
        gateway,
        logger,
        settings: { pricing: { perRunUsd: 0.5, perMinuteUsd: 0.02 } },
        ...extra,
      }),
  };
}

export function collect(): { events: ProgressEvent[]; on: (e: ProgressEvent) => void } {
  const events: ProgressEvent[] = [];
  return { events, on: (e) => events.push(e) };
}

export { InstantClock };

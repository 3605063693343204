import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createGitHubClient, OctokitGitHubGateway } from '../../src/github/index.js';
import { type IssueRecord, Ledger, LocalDirectoryStore } from '../../src/ledger/index.js';
import { type LandDependencies, landIssue, OctokitMergeGateway } from '../../src/merge/index.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { validatePullRequest } from '../../src/validation/index.js';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';
import { mergeWorld } from '../standins/github/merge-state.js';
import type { PullRequest, RepoRecord } from '../standins/github/state.js';
import { SteppingClock } from '../validation/helpers.js';

export const OWNER = 'acme';
export const REPO = 'widgets';
export const ISSUE = 'ENG-7';
const T0 = Date.UTC(2026, 0, 15, 12);

export interface TaskSpec {
  id: string;
  dependsOn?: string[];
  /** Files the task's branch writes (path → content). */
  files: Record<string, string>;
  /** Start from this task's branch (a stacked dependent), as the orchestrator does with gate "green". */
  stackedOn?: string;
}

/**
 * A repository on the GitHub stand-in with one branch and PR per task (the PRs' CI green and a
 * passing `Cyrus validation` check on each head, as a validated task leaves it), and the issue's
 * record in a local ledger saying every task succeeded with its PR.
 */
export interface LandingWorld {
  gh: GitHubStandIn;
  repo: RepoRecord;
  ledger: Ledger;
  clock: SteppingClock;
  logger: MemoryLogger;
  pulls: Map<string, PullRequest>;
  deps(overrides?: Partial<LandDependencies>): LandDependencies;
  land(overrides?: Partial<LandDependencies>): ReturnType<typeof landIssue>;
  record(): Promise<IssueRecord>;
  /** Posts a passing (or failing) `Cyrus validation` check on the PR's current head. */
  validateHead(taskId: string, conclusion?: 'success' | 'failure'): void;
  /** The real validation (CI wait and check run) of a task's PR, as a wait-mode job revalidates. */
  revalidate: NonNullable<LandDependencies['revalidate']>;
  close(): Promise<void>;
}

let clients = 0;

export async function startLandingWorld(specs: TaskSpec[]): Promise<LandingWorld> {
  const gh = await startGitHubStandIn();
  const repo = gh.state.addRepo({ owner: OWNER, repo: REPO });
  gh.state.ci = { conclusion: () => 'success' };
  mergeWorld(repo).settings.allowAutoMerge = true;
  const dir = mkdtempSync(path.join(tmpdir(), 'landing-ledger-'));
  const clock = new SteppingClock(T0);
  const ledger = new Ledger(new LocalDirectoryStore(dir, clock), clock);
  const logger = new MemoryLogger();
  clients += 1;
  const client = createGitHubClient({
    token: 'ghs_test',
    baseUrl: gh.url,
    throttleId: `landing-${clients}`,
    retryBaseMs: 50,
  });
  const github = new OctokitGitHubGateway(client, { owner: OWNER, repo: REPO });
  const pulls = new Map<string, PullRequest>();
  const branchOf = (id: string) => `cyrus/eng-7-${id}`;
  for (const spec of specs) {
    const branch = branchOf(spec.id);
    const from = spec.stackedOn ? branchOf(spec.stackedOn) : 'main';
    gh.state.addBranch(OWNER, REPO, branch, gh.state.branchSha(OWNER, REPO, from));
    for (const [file, content] of Object.entries(spec.files))
      gh.state.putFile(OWNER, REPO, branch, file, content);
    pulls.set(
      spec.id,
      gh.state.addPullRequest(OWNER, REPO, { head: branch, base: from, title: `${ISSUE} ${spec.id}` }),
    );
  }
  const validateHead = (taskId: string, conclusion: 'success' | 'failure' = 'success') => {
    const pr = pulls.get(taskId);
    if (!pr) throw new Error(`no PR for ${taskId}`);
    const sha = gh.state.branchSha(OWNER, REPO, pr.head.ref) ?? pr.head.sha;
    gh.state.addCheckSuite(OWNER, REPO, sha, {
      app: 'cyrus-bot',
      checkRuns: [{ name: 'Cyrus validation', conclusion, summary: 'validated' }],
    });
  };
  for (const spec of specs) validateHead(spec.id);
  const now = new Date(T0).toISOString();
  await ledger.claimIssue({ identifier: ISSUE, title: 'Landing' }, 'run-1');
  await ledger.updateIssue(ISSUE, (r) => ({
    ...r,
    status: 'succeeded',
    plan: {
      summary: 'three tasks',
      tasks: specs.map((s) => ({
        id: s.id,
        title: s.id,
        kind: 'implementation' as const,
        prompt: `do ${s.id}`,
        files: Object.keys(s.files),
        acceptance: ['done'],
        dependsOn: s.dependsOn ?? [],
        requiresIsolation: false,
        size: 's' as const,
      })),
    },
    tasks: Object.fromEntries(
      specs.map((s) => {
        const pr = pulls.get(s.id) as PullRequest;
        return [
          s.id,
          {
            id: s.id,
            title: s.id,
            state: 'succeeded' as const,
            executor: 'claude-code',
            branch: pr.head.ref,
            baseBranch: pr.base.ref,
            pullRequest: { number: pr.number, url: pr.html_url, headBranch: pr.head.ref, title: pr.title },
            checks: { state: 'success' as const, headSha: gh.state.branchSha(OWNER, REPO, pr.head.ref) },
            attempts: [],
            updatedAt: now,
          },
        ];
      }),
    ),
  }));
  const deps = (overrides: Partial<LandDependencies> = {}): LandDependencies => ({
    gateway: new OctokitMergeGateway(client, { owner: OWNER, repo: REPO }),
    checks: github,
    ledger,
    clock,
    logger,
    policy: 'auto',
    baseBranch: 'main',
    ...overrides,
  });
  const revalidate: LandingWorld['revalidate'] = async (task) => {
    const verdict = await validatePullRequest({
      github,
      pullNumber: task.pullRequest?.number ?? 0,
      deadline: clock.now() + 10 * 60_000,
      logger,
      clock,
      externalId: `${ISSUE}/${task.id}`,
      subject: { issue: ISSUE, task: { id: task.id, title: task.title } },
    });
    return verdict.verdict === 'passed' ? 'passed' : verdict.verdict === 'failed' ? 'failed' : 'pending';
  };
  return {
    gh,
    repo,
    ledger,
    clock,
    logger,
    pulls,
    deps,
    land: (overrides) => landIssue(deps(overrides), ISSUE),
    record: async () => {
      const r = await ledger.readIssue(ISSUE);
      if (!r) throw new Error('record vanished');
      return r;
    },
    validateHead,
    revalidate,
    close: async () => {
      await gh.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

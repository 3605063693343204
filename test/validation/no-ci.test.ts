import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OctokitGitHubGateway } from '../../src/github/index.js';
import { MemoryLogger } from '../../src/util/logger.js';
import {
  ownWorkflowFile,
  readPullRequestWorkflows,
  validatePullRequest,
  type WorkflowStarter,
} from '../../src/validation/index.js';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';
import { gatewayFor, SteppingClock } from './helpers.js';

const OWNER = 'acme';
const REPO = 'widgets';
const ACTIONS_TOKEN = 'ghs_actionsTokenOfTheWorkflow000000';

describe('readPullRequestWorkflows: the checkout’s CI that should run on a subtask PR', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cyrus-workflows-'));
    mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (file: string, text: string) => writeFileSync(join(dir, '.github', 'workflows', file), text);

  it('finds pull_request workflows in every form of `on`, with whether they declare workflow_dispatch', async () => {
    write('ci.yml', 'name: CI\non: [push, pull_request]\njobs: {}\n');
    write('lint.yaml', 'on:\n  pull_request:\n  workflow_dispatch:\njobs: {}\n');
    write('one.yml', 'on: pull_request\njobs: {}\n');
    write('deploy.yml', 'name: Deploy\non: { push: { branches: [main] } }\njobs: {}\n');
    write('broken.yml', 'on: [pull_request\n');
    write(
      'cyrus.yml',
      'on: { pull_request: {} }\njobs: { c: { steps: [{ uses: cyrus/codegen-action@v1 }] } }\n',
    );
    write('mine.yml', 'name: Mine\non: pull_request\njobs: {}\n');
    expect(await readPullRequestWorkflows(dir, 'mine.yml')).toEqual([
      { file: 'ci.yml', name: 'CI', dispatchable: false },
      { file: 'lint.yaml', name: 'lint.yaml', dispatchable: true },
      { file: 'one.yml', name: 'one.yml', dispatchable: false },
    ]);
  });

  it('finds none without a .github/workflows directory', async () => {
    expect(await readPullRequestWorkflows(join(dir, 'nowhere'))).toEqual([]);
  });

  it('reads its own workflow file from GITHUB_WORKFLOW_REF', () => {
    expect(ownWorkflowFile('acme/widgets/.github/workflows/cyrus.yml@refs/heads/main')).toBe('cyrus.yml');
    expect(ownWorkflowFile(undefined)).toBeUndefined();
  });
});

describe('validatePullRequest when no CI ran on a PR of a repository that has PR workflows', () => {
  let gh: GitHubStandIn;
  let clock: SteppingClock;
  let logger: MemoryLogger;
  let sha = '';
  let prNumber = 0;
  const branch = 'cyrus/eng-1-t1';

  beforeEach(async () => {
    gh = await startGitHubStandIn();
    gh.state.addRepo({ owner: OWNER, repo: REPO });
    gh.state.addToken(ACTIONS_TOKEN, 'github-actions[bot]');
    gh.state.actionsTokenRules.mayCreatePullRequests = true;
    sha = gh.state.addBranch(OWNER, REPO, branch);
    clock = new SteppingClock();
    logger = new MemoryLogger();
  });
  afterEach(() => gh.close());

  const starter = (github: OctokitGitHubGateway, dispatchable: boolean): WorkflowStarter => ({
    workflows: [{ file: 'ci.yml', name: 'CI', dispatchable }],
    dispatch: (file, ref) => github.dispatchWorkflow(file, ref),
    settingsUrl: 'https://github.example/acme/widgets/settings/actions',
  });
  const validate = (github: OctokitGitHubGateway, workflows: WorkflowStarter) =>
    validatePullRequest({
      github,
      pullNumber: prNumber,
      deadline: clock.now() + 30 * 60_000,
      clock,
      logger,
      workflows,
    });
  const ours = () => gh.state.checkRuns(OWNER, REPO, sha).filter((r) => r.name === 'Cyrus validation');
  /** A PR the workflow's own token opened: on GitHub (and in the stand-in) it starts no workflow. */
  const openWithActionsToken = (conclusion: 'success' | 'failure' = 'success') => {
    gh.state.addWorkflow(OWNER, REPO, {
      file: 'ci.yml',
      name: 'CI',
      onPullRequest: true,
      dispatchable: true,
      conclusion: () => conclusion,
    });
    prNumber = gh.state.addPullRequest(OWNER, REPO, {
      head: branch,
      title: 'ENG-1 t1',
      user: 'github-actions[bot]',
    }).number;
    expect(gh.state.checkRuns(OWNER, REPO, sha)).toEqual([]);
  };

  it('concludes neutral, never success, with the reason and the fix, when the workflow cannot be dispatched', async () => {
    openWithActionsToken();
    const github = gatewayFor(gh, ACTIONS_TOKEN);
    const verdict = await validate(github, starter(github, false));
    expect(verdict.verdict).toBe('unverified');
    expect(verdict.reasons.join('\n')).toMatch(
      /CI \(ci\.yml\) runs on pull_request: the PR was opened or pushed with GitHub Actions' own token/,
    );
    expect(verdict.action?.text).toMatch(/actions\/create-github-app-token/);
    expect(verdict.action?.text).toMatch(/workflow_dispatch/);
    expect(ours().map((r) => [r.status, r.conclusion])).toEqual([['completed', 'neutral']]);
    expect(ours()[0]?.output.title).toBe('Not verified: no CI ran on this commit');
    expect(ours()[0]?.output.summary).toContain('### What to do');
    expect(gh.state.dispatches).toEqual([]);
  });

  it('starts a workflow that declares workflow_dispatch on the PR branch, waits for it, and passes on its result', async () => {
    openWithActionsToken();
    gh.state.addToken(ACTIONS_TOKEN, 'github-actions[bot]', { actions: 'write' });
    const github = gatewayFor(gh, ACTIONS_TOKEN);
    const verdict = await validate(github, starter(github, true));
    expect(gh.state.dispatches).toEqual([{ repo: `${OWNER}/${REPO}`, file: 'ci.yml', ref: branch }]);
    expect(verdict.verdict).toBe('passed');
    expect(verdict.reasons).toContain(`CI: 1 check passed on ${sha.slice(0, 7)}`);
    expect(verdict.reasons.join('\n')).toMatch(/started CI with workflow_dispatch on cyrus\/eng-1-t1/);
    expect(ours().map((r) => r.conclusion)).toEqual(['success']);
  });

  it('fails the PR when the dispatched workflow fails (CI that ran decides)', async () => {
    openWithActionsToken('failure');
    gh.state.addToken(ACTIONS_TOKEN, 'github-actions[bot]', { actions: 'write' });
    const github = gatewayFor(gh, ACTIONS_TOKEN);
    const verdict = await validate(github, starter(github, true));
    expect(verdict.verdict).toBe('failed');
    expect(verdict.evidence.failingChecks.map((c) => c.name)).toEqual(['CI']);
  });

  it('concludes neutral when the token may not dispatch (no actions: write), saying which permission to add', async () => {
    openWithActionsToken();
    const github = gatewayFor(gh, ACTIONS_TOKEN);
    const verdict = await validate(github, starter(github, true));
    expect(verdict.verdict).toBe('unverified');
    expect(verdict.reasons.join('\n')).toMatch(
      /was refused \(ci\.yml: 403 Resource not accessible by integration\)/,
    );
    expect(verdict.action?.text).toMatch(/actions: write/);
    expect(ours().map((r) => r.conclusion)).toEqual(['neutral']);
    // One refused dispatch, not a loop of them.
    expect(gh.requests.filter((r) => r.path.endsWith('/dispatches')).map((r) => r.status)).toEqual([403]);
  });
});

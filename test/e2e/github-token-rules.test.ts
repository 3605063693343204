import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { labeledIssue, webhookPayload } from '../fixtures/webhooks.js';
import { NO_SANDBOX } from '../helpers/sandbox-gate.js';
import { CLAUDE_INSTALL_TIMEOUT_MS } from '../standins/anthropic/index.js';
import type { LinearStandIn } from '../standins/linear/index.js';
import { OWNER, REPO, startWorld, type World } from './world.js';

/** The workflow's own GITHUB_TOKEN: an installation token of the GitHub Actions App. */
const ACTIONS_TOKEN = 'ghs_theWorkflowsOwnGithubToken000000';
const BRANCH = 'cyrus/eng-1-docs';

const DOCS_ONLY = {
  summary: 'Document the greeting',
  tasks: [
    {
      id: 'docs',
      title: 'Document greeting',
      kind: 'docs',
      prompt: 'Write docs/greeting.md.',
      files: ['docs/greeting.md'],
      acceptance: ['the doc exists'],
      dependsOn: [],
      requiresIsolation: false,
      size: 's',
    },
  ],
};

let world: World;
let linear: LinearStandIn;
beforeEach(async () => {
  world = await startWorld();
  if (!world.linear) throw new Error('these tests need the Linear stand-in');
  linear = world.linear;
  // Linear's rich text may drop an HTML-comment marker: the tracking comment is found by its id.
  linear.world.richTextDropsHtmlComments = true;
  world.plan = DOCS_ONLY;
  world.github.state.ci = undefined;
}, CLAUDE_INSTALL_TIMEOUT_MS);
afterEach(() => world?.close());

function writeWorkspace(file: string, text: string): void {
  const target = path.join(world.workspace, file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
}

/** A repository whose CI runs on pull_request (in its checkout and in the stand-in). */
function withPullRequestCi(dispatchable: boolean): void {
  const on = dispatchable ? '[pull_request, workflow_dispatch]' : '[pull_request]';
  writeWorkspace(
    '.github/workflows/ci.yml',
    `name: CI\non: ${on}\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [{ run: npm test }]\n`,
  );
  writeWorkspace('.github/cyrus.yml', 'validation: { noChecksGraceSeconds: 2 }\n');
  world.github.state.addWorkflow(OWNER, REPO, {
    file: 'ci.yml',
    name: 'CI',
    onPullRequest: true,
    dispatchable,
    conclusion: () => 'success',
  });
}

async function runWithActionsToken() {
  const payload = labeledIssue('cyrus', 'linear[bot]', 'Bot') as { issue: { html_url: string } };
  const issue = linear.world.addIssue({
    team: linear.world.addTeam('ENG'),
    title: 'Greeting docs',
    description: 'Document the greeting.',
    githubUrl: payload.issue.html_url,
  });
  const run = await world.action({
    eventName: 'issues',
    payload,
    inputs: { strategy: 'local-only', 'github-token': ACTIONS_TOKEN },
  });
  return { run, issue, comment: () => linear.world.commentsOn(issue.id)[0]?.body ?? '' };
}

// Local agents and validation run only in the sandbox: skipped with the install command without it.
describe.skipIf(NO_SANDBOX)(
  'the workflow’s GITHUB_TOKEN under GitHub’s real rules, through dist/index.js',
  () => {
    it('keeps the branch when GitHub refuses the PR (403), does not retry, and says what to do with the compare link everywhere', async () => {
      world.github.state.addToken(ACTIONS_TOKEN, 'github-actions[bot]');
      const { run, issue, comment } = await runWithActionsToken();
      const compare = `${world.github.url}/${OWNER}/${REPO}/compare/main...${BRANCH}?expand=1`;

      expect(run.outputs.status, run.stdout.slice(-4000)).toBe('failure');
      // Nothing lost: the work is on the branch, on GitHub; no PR was opened and none was retried.
      expect(world.github.state.branchSha(OWNER, REPO, BRANCH)).toMatch(/^[0-9a-f]{40}$/);
      expect(world.github.state.pullRequests(OWNER, REPO)).toEqual([]);
      const creates = world.github.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/pulls'));
      expect(creates.map((r) => r.status)).toEqual([403]);

      // The log, the job summary, the tracking comment and the task's row say what to do.
      expect(run.stdout).toContain(
        'GitHub refused to open the pull request (403: GitHub Actions is not permitted to create or approve pull requests.)',
      );
      expect(run.stdout).toContain(compare);
      expect(run.stdout).toMatch(/actions\/create-github-app-token/);
      expect(run.summary).toContain(`[open the pull request by hand](${compare})`);
      expect(run.summary).toMatch(/What to do: .*Allow GitHub Actions to create and approve pull requests/);
      expect(linear.world.commentsOn(issue.id)).toHaveLength(1);
      expect(comment()).not.toContain('<!--');
      expect(comment()).toContain(compare);
      expect(comment()).toMatch(/What to do: .*create-github-app-token/);

      const task = (await world.ledger().readIssue(issue.identifier))?.tasks.docs;
      expect(task).toMatchObject({ state: 'failed', branch: BRANCH });
      expect(task?.attempts.map((a) => a.failure?.kind)).toEqual(['pull_request_refused']);
      expect(task?.action?.link?.url).toBe(compare);
      // Every Linear query stayed well under the 10,000-point cap, by Linear's formula.
      expect(linear.stats.maxComplexity).toBeGreaterThan(0);
      expect(linear.stats.maxComplexity).toBeLessThan(2_000);
    }, 240_000);

    it('concludes Cyrus validation neutral, never success, when the PR’s workflows did not run and cannot be dispatched', async () => {
      world.github.state.addToken(ACTIONS_TOKEN, 'github-actions[bot]');
      world.github.state.actionsTokenRules.mayCreatePullRequests = true;
      withPullRequestCi(false);
      const { run, issue, comment } = await runWithActionsToken();

      expect(run.outputs.status, run.stdout.slice(-4000)).toBe('pending');
      const [pr] = world.github.state.pullRequests(OWNER, REPO);
      expect(pr?.head.ref).toBe(BRANCH);
      const checks = world.github.state.checkRuns(OWNER, REPO, pr?.head.sha ?? '');
      expect(checks.map((c) => [c.name, c.status, c.conclusion])).toEqual([
        ['Cyrus validation', 'completed', 'neutral'],
      ]);
      expect(checks[0]?.output.summary).toMatch(/GitHub Actions' own token, which starts no workflows/);
      expect(checks[0]?.output.summary).toContain('### What to do');
      expect(world.github.state.dispatches).toEqual([]);

      expect(run.stdout).toMatch(/is not verified: no CI check ran on [0-9a-f]{7}/);
      expect(run.summary).toMatch(/What to do: .*create-github-app-token/);
      expect(comment()).toMatch(/not verified/);
      expect(comment()).toMatch(/What to do: .*workflow\\_dispatch|What to do: .*workflow_dispatch/);
      const task = (await world.ledger().readIssue(issue.identifier))?.tasks.docs;
      expect(task).toMatchObject({ state: 'pr_open', checks: { state: 'pending' } });
    }, 240_000);

    it('starts the PR’s workflow with workflow_dispatch when it declares it and the token has actions: write, and passes on its result', async () => {
      world.github.state.addToken(ACTIONS_TOKEN, 'github-actions[bot]', { actions: 'write' });
      world.github.state.actionsTokenRules.mayCreatePullRequests = true;
      withPullRequestCi(true);
      const { run, issue } = await runWithActionsToken();

      expect(run.outputs.status, run.stdout.slice(-4000)).toBe('success');
      expect(world.github.state.dispatches).toEqual([
        { repo: `${OWNER}/${REPO}`, file: 'ci.yml', ref: BRANCH },
      ]);
      const [pr] = world.github.state.pullRequests(OWNER, REPO);
      const checks = world.github.state.checkRuns(OWNER, REPO, pr?.head.sha ?? '');
      expect(checks.map((c) => [c.name, c.conclusion]).sort()).toEqual([
        ['CI', 'success'],
        ['Cyrus validation', 'success'],
      ]);
      expect(run.stdout).toMatch(/started CI \(ci\.yml\) on cyrus\/eng-1-docs with workflow_dispatch/);
      const task = (await world.ledger().readIssue(issue.identifier))?.tasks.docs;
      expect(task?.state).toBe('succeeded');
    }, 240_000);

    it('on a pull_request event the PR workflows come from the base branch: a workflow the PR adds or changes is ignored', async () => {
      world.github.state.addToken(ACTIONS_TOKEN, 'github-actions[bot]', { actions: 'write' });
      world.github.state.actionsTokenRules.mayCreatePullRequests = true;
      withPullRequestCi(false);
      const { run } = await runWithActionsToken();
      expect(run.outputs.status, run.stdout.slice(-4000)).toBe('pending');
      // The base branch holds the repository's CI and config as the checkout had them.
      for (const file of ['.github/workflows/ci.yml', '.github/cyrus.yml']) {
        world.github.state.putFile(
          OWNER,
          REPO,
          'main',
          file,
          readFileSync(path.join(world.workspace, file), 'utf8'),
        );
      }

      const [pr] = world.github.state.pullRequests(OWNER, REPO);
      if (!pr) throw new Error('the first job opened no PR');
      const event = webhookPayload('pull_request', 'opened') as {
        number: number;
        pull_request: {
          number: number;
          html_url: string;
          title: string;
          head: { ref: string; sha: string; repo: { full_name: string } };
          base: { ref: string; repo: { full_name: string } };
        };
      };
      event.number = pr.number;
      Object.assign(event.pull_request, { number: pr.number, html_url: pr.html_url, title: pr.title });
      Object.assign(event.pull_request.head, {
        ref: pr.head.ref,
        sha: pr.head.sha,
        repo: { ...event.pull_request.head.repo, full_name: `${OWNER}/${REPO}` },
      });
      Object.assign(event.pull_request.base, {
        ref: 'main',
        repo: { ...event.pull_request.base.repo, full_name: `${OWNER}/${REPO}` },
      });
      // The workspace is the PR's merge commit: the PR takes pull_request off CI (so it would look
      // like a repository without PR CI) and adds a dispatchable workflow of its own.
      writeWorkspace('.github/workflows/ci.yml', 'name: CI\non: [push]\njobs: {}\n');
      writeWorkspace(
        '.github/workflows/pr-own.yml',
        'name: PR own\non: [pull_request, workflow_dispatch]\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps: [{ run: echo PR }]\n',
      );
      const validate = await world.action({
        eventName: 'pull_request',
        payload: event,
        inputs: { 'github-token': ACTIONS_TOKEN },
      });
      expect(validate.code, validate.stdout.slice(-4000)).toBe(0);
      expect(validate.stdout).toContain('from the base branch main');
      // The base branch's CI still counts: it did not run and cannot be dispatched, so neutral again.
      const checks = world.github.state
        .checkRuns(OWNER, REPO, pr.head.sha)
        .filter((c) => c.name === 'Cyrus validation');
      expect(checks.length).toBeGreaterThanOrEqual(2);
      expect(checks.map((c) => c.conclusion)).not.toContain('success');
      expect(checks.at(-1)?.conclusion).toBe('neutral');
      expect(world.github.state.dispatches).toEqual([]);
      expect(validate.stdout).not.toContain('pr-own.yml');
    }, 300_000);
  },
);

import { labeledIssue } from '../fixtures/webhooks.js';
import type { GitHubStandIn } from '../standins/github/index.js';
import { mergeWorld, settleMerges } from '../standins/github/merge-state.js';
import { branchPushed } from '../standins/github/push-ci.js';
import type { RepoRecord } from '../standins/github/state.js';
import { OWNER, REPO, startWorld, type World } from './world.js';

/**
 * The world of the merge-rework tests: tasks that all write src/shared.ts, a dependent started
 * from its prerequisite's branch, so a prerequisite's squash merge makes it conflict, and a Codegen
 * agent that fixes the conflict when told to (or, for the issues in `badFixes`, pushes a change
 * that still conflicts). End to end through dist/index.js.
 */
export interface ReworkWorld {
  world: World;
  /** Every fix prompt a Codegen run got, with its issue. */
  fixPrompts: { issue: string; prompt: string }[];
  /** Issues whose agent's fix does not resolve the conflict. */
  badFixes: Set<string>;
}

/** The login Codegen's GitHub App pushes as. */
const CODEGEN_APP = 'codegen-sh[bot]';

/** Task → the task whose branch it starts from (the orchestrator stacks dependents with gate green). */
const STACKED_ON: Record<string, string> = { t3: 't1', t4: 't3' };
const CONTENT: Record<string, [string, string]> = {
  t1: ['src/shared.ts', 'export const v = 1;\n'],
  t3: ['src/shared.ts', 'export const v = 3;\n'],
  t4: ['src/t4.ts', 'export const t4 = 4;\n'],
};

interface FinishedRun {
  id: number;
  prompt: string;
  metadata?: Record<string, unknown> | null;
  pullRequests: unknown[];
  resumes?: { prompt: string }[];
}

export async function startReworkWorld(runMs = 1_500): Promise<ReworkWorld> {
  const fixPrompts: ReworkWorld['fixPrompts'] = [];
  const badFixes = new Set<string>();
  const world = await startWorld({
    runMs,
    codegenFinish: (github) => (run: FinishedRun) => finish(github, run, fixPrompts, badFixes),
  });
  return { world, fixPrompts, badFixes };
}

function finish(
  github: GitHubStandIn,
  run: FinishedRun,
  fixPrompts: ReworkWorld['fixPrompts'],
  badFixes: Set<string>,
) {
  const head = String(run.metadata?.branch);
  const task = String(run.metadata?.task);
  const issue = String(run.metadata?.issue);
  const listed = (pr: { number: number; title: string; html_url: string }) => [
    {
      id: 80_000 + pr.number,
      title: pr.title,
      url: pr.html_url,
      created_at: new Date().toISOString(),
      head_branch_name: head,
    },
  ];
  // A finished run is not resumed (Codegen documents resume for paused runs only): the fix is a
  // new run told to push to the same branch. A resume of a paused run would carry it too.
  const fixPrompt = [run.prompt, ...(run.resumes ?? []).map((r) => r.prompt)].find((p) =>
    /resolve the conflicts/.test(p),
  );
  if (fixPrompt) {
    fixPrompts.push({ issue, prompt: fixPrompt });
    if (badFixes.has(issue)) {
      // A fix that misses: another change on top of the old head, which still conflicts with main.
      github.state.putFile(
        OWNER,
        REPO,
        head,
        'src/shared.ts',
        `export const v = ${30 + fixPrompts.length};\n`,
      );
    } else {
      // The agent's fix: its branch from main again, with its change on top (same branch, new head).
      github.state.addBranch(OWNER, REPO, head, github.state.branchSha(OWNER, REPO, 'main'));
      github.state.putFile(OWNER, REPO, head, 'src/shared.ts', 'export const v = 3;\n');
    }
    // Codegen's App pushed it: the PR gets a synchronize and its CI runs on the new head.
    branchPushed(github.state, OWNER, REPO, head, CODEGEN_APP);
    const pr = github.state.pullRequests(OWNER, REPO).find((p) => p.head.ref === head);
    return pr ? listed(pr) : [];
  }
  if (run.pullRequests.length > 0) return [];
  const from = STACKED_ON[task];
  const base = from ? head.replace(new RegExp(`${task}$`), from) : 'main';
  const [file, content] = CONTENT[task] ?? [`src/${task}.ts`, `export const ${task} = 0;\n`];
  github.state.addBranch(OWNER, REPO, head, github.state.branchSha(OWNER, REPO, base));
  github.state.putFile(OWNER, REPO, head, file, content);
  return listed(github.state.addPullRequest(OWNER, REPO, { head, base, title: `${issue}: ${task}` }));
}

export function protectedIssue(world: World, title: string, team: string) {
  const linear = world.linear;
  if (!linear) throw new Error('this test needs the Linear stand-in');
  const twin = world.github.state.addIssue(OWNER, REPO, { title, user: 'linear[bot]' });
  const payload = labeledIssue('cyrus', 'linear[bot]', 'Bot') as {
    issue: { number: number; html_url: string };
  };
  payload.issue.number = twin.number;
  payload.issue.html_url = `${world.github.url}/${OWNER}/${REPO}/issues/${twin.number}`;
  const issue = linear.world.addIssue({
    team: linear.world.addTeam(team),
    title,
    description: 'Do it.',
    githubUrl: payload.issue.html_url,
  });
  const repo: RepoRecord | undefined = world.github.state.repo(OWNER, REPO);
  if (!repo) throw new Error('no repository');
  mergeWorld(repo).protection.set('main', { requiredApprovingReviews: 1, requiredChecks: [], strict: false });
  mergeWorld(repo).settings.allowAutoMerge = true;
  /** A person approves the PR's current head; GitHub's auto-merge fires in the background. */
  const approve = (number: number) => {
    const pr = world.github.state.pullRequests(OWNER, REPO).find((p) => p.number === number);
    repo.reviews.push({
      id: 7000 + number + repo.reviews.length,
      pullNumber: number,
      user: 'alice',
      body: 'lgtm',
      state: 'APPROVED',
      commitId: world.github.state.branchSha(OWNER, REPO, pr?.head.ref ?? '') ?? '',
      submittedAt: new Date().toISOString(),
    });
    settleMerges(world.github.state, repo);
  };
  return { linear, payload, issue, repo, approve };
}

export const show = (run: { stdout: string; stderr: string }) =>
  `${run.stdout.slice(-6000)}\n${run.stderr.slice(-1500)}`;

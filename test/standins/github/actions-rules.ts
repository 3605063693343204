import type { CheckConclusion } from './checks-state.js';
import { forbidden, invalid, notFound, route } from './router.js';
import type { GitHubState, TokenIdentity } from './state.js';

/**
 * GitHub's rules for the workflow's own `GITHUB_TOKEN` (an installation token of the GitHub
 * Actions App), as the contracts state them. Both default to GitHub's real (strict) behaviour.
 */
export interface ActionsTokenRules {
  /** The setting "Allow GitHub Actions to create and approve pull requests"; off by default. */
  mayCreatePullRequests: boolean;
  /** Events the Actions token raises (a PR it opens, a push) start workflows; GitHub: never. */
  eventsStartWorkflows: boolean;
}

/** A workflow file of the repository, as far as the stand-in's CI is concerned. */
export interface WorkflowRecord {
  /** File name under .github/workflows (what `/actions/workflows/{id}/dispatches` accepts). */
  file: string;
  name: string;
  /** Runs on `pull_request` (opened by anyone but the Actions token). */
  onPullRequest: boolean;
  /** Declares `workflow_dispatch`. */
  dispatchable: boolean;
  conclusion: () => CheckConclusion;
}

export const ACTIONS_PR_REFUSAL = 'GitHub Actions is not permitted to create or approve pull requests.';

export function isActionsToken(identity: TokenIdentity | undefined): boolean {
  return identity?.kind === 'installation' && identity.app?.slug === 'github-actions';
}

const Dispatch = (body: unknown): { ref: string } | undefined => {
  if (typeof body !== 'object' || body === null || !('ref' in body)) return undefined;
  return typeof body.ref === 'string' && body.ref.length > 0 ? { ref: body.ref } : undefined;
};

// POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches: 204, and the workflow runs
// on the ref's head (dispatches raised with GITHUB_TOKEN do start workflows). Needs `actions: write`.
route(
  'POST',
  '/actions/workflows/([^/]+)/dispatches',
  (ctx, repo) => {
    const id = decodeURIComponent(ctx.params[0] ?? '');
    const workflow = ctx.state.workflowsOf(repo.owner, repo.name).find((w) => w.file === id);
    if (!workflow)
      return notFound('https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event');
    const body = Dispatch(ctx.body);
    if (!body) return invalid('Invalid request.\n\n"ref" wasn\'t supplied.');
    if (!workflow.dispatchable) return invalid("Workflow does not have 'workflow_dispatch' trigger");
    const branch = body.ref.replace(/^refs\/heads\//, '');
    const sha = repo.store.branch(branch);
    if (!sha) return invalid(`No ref found for: ${body.ref}`);
    ctx.state.dispatches.push({ repo: `${repo.owner}/${repo.name}`, file: workflow.file, ref: branch });
    ctx.state.runWorkflow(repo.owner, repo.name, workflow, sha, branch);
    return { status: 204 };
  },
  (ctx, repo) => {
    const role = ctx.state.permissionOf(repo.owner, repo.name, ctx.login);
    const writes = role === 'write' || role === 'maintain' || role === 'admin';
    if (!writes || ctx.identity.actions !== 'write')
      return forbidden('Resource not accessible by integration');
    return null;
  },
);

/** Whether a PR opened (or a push made) by `login` starts the repository's workflows. */
export function startsWorkflows(state: GitHubState, login: string): boolean {
  if (state.actionsTokenRules.eventsStartWorkflows) return true;
  return ![...state.identities.values()].some((i) => i.login === login && isActionsToken(i));
}

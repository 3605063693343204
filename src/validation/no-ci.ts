import { githubMessage, httpStatus } from '../github/index.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import type { PullRequestWorkflow } from './pr-workflows.js';

/** What a person must do so that CI runs on the PR (a token or a workflow trigger). */
export interface CiAction {
  text: string;
  link?: { label: string; url: string };
}

/** The repository's PR workflows and a way to start one on a branch (workflow_dispatch). */
export interface WorkflowStarter {
  workflows: readonly PullRequestWorkflow[];
  /** `POST /repos/{owner}/{repo}/actions/workflows/{file}/dispatches` on `ref`; throws GitHub's error. */
  dispatch(file: string, ref: string): Promise<void>;
  /** Where the repository's Actions settings are (for the fix's link). */
  settingsUrl?: string;
}

export type MissingCiResolution =
  /** The repository has no PR workflows: nothing was skipped, the rest of the validation decides. */
  | { kind: 'none-expected'; note: string }
  /** These workflows were started on the PR branch: wait for them. */
  | { kind: 'dispatched'; started: string[]; notes: string[] }
  /** CI exists but did not run and cannot be started: never a pass. */
  | { kind: 'unverified'; reason: string; action: CiAction };

const APP_TOKEN_FIX =
  'pass a GitHub App token as github-token (actions/create-github-app-token): PRs and pushes made with the workflow’s GITHUB_TOKEN start no workflows';

/**
 * No check appeared on the PR head. When the repository has `pull_request` workflows that is the
 * Actions token's rule, not a repository without CI: start the workflows that declare
 * `workflow_dispatch` (dispatches made with GITHUB_TOKEN do run), else say what to change.
 */
export async function resolveMissingCi(
  starter: WorkflowStarter | undefined,
  pr: { headRef: string; headSha: string },
  logger: Logger,
): Promise<MissingCiResolution> {
  const sha = pr.headSha.slice(0, 7);
  const workflows = starter?.workflows ?? [];
  if (!starter || workflows.length === 0) {
    return { kind: 'none-expected', note: 'the repository has no workflow that runs on pull_request' };
  }
  const names = workflows.map((w) => `${w.name} (${w.file})`).join(', ');
  const link = starter.settingsUrl ? { label: 'Actions settings', url: starter.settingsUrl } : undefined;
  const dispatchable = workflows.filter((w) => w.dispatchable);
  if (dispatchable.length === 0) {
    return {
      kind: 'unverified',
      reason: `no CI ran on ${sha}, though ${names} ${workflows.length === 1 ? 'runs' : 'run'} on pull_request: the PR was opened or pushed with GitHub Actions' own token, which starts no workflows, and none of them declares workflow_dispatch`,
      action: {
        text: `${APP_TOKEN_FIX}; or add \`workflow_dispatch:\` to the triggers of ${workflows.map((w) => w.file).join(', ')} and grant \`actions: write\`, so the action can start them`,
        ...(link ? { link } : {}),
      },
    };
  }
  const started: string[] = [];
  const refused: string[] = [];
  for (const workflow of dispatchable) {
    try {
      await starter.dispatch(workflow.file, pr.headRef);
      started.push(workflow.name);
      logger.info(
        `validation: started ${workflow.name} (${workflow.file}) on ${pr.headRef} with workflow_dispatch`,
      );
    } catch (error) {
      const status = httpStatus(error);
      refused.push(`${workflow.file}: ${status ? `${status} ${githubMessage(error)}` : errorMessage(error)}`);
      logger.warning(
        `validation: could not start ${workflow.file} on ${pr.headRef}: ${githubMessage(error)}`,
      );
    }
  }
  if (started.length === 0) {
    return {
      kind: 'unverified',
      reason: `no CI ran on ${sha}, and starting ${dispatchable.map((w) => w.file).join(', ')} with workflow_dispatch was refused (${refused.join('; ')})`,
      action: {
        text: `add \`actions: write\` to the workflow's permissions so the action can start CI on its PRs; or ${APP_TOKEN_FIX}`,
        ...(link ? { link } : {}),
      },
    };
  }
  const notes = [
    `no CI ran on ${sha} by itself (GitHub Actions' own token starts no workflows); started ${started.join(', ')} with workflow_dispatch on ${pr.headRef}`,
    ...(refused.length > 0 ? [`could not start: ${refused.join('; ')}`] : []),
  ];
  return { kind: 'dispatched', started, notes };
}

/** After a dispatch that produced no check: CI is still missing, and that is not a pass. */
export function stillMissing(started: readonly string[], sha: string): MissingCiResolution {
  return {
    kind: 'unverified',
    reason: `started ${started.join(', ')} with workflow_dispatch, but no check appeared on ${sha.slice(0, 7)}`,
    action: { text: APP_TOKEN_FIX },
  };
}

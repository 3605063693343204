import { Git } from '../git/index.js';
import { listRefDirectory, refFileReader } from '../github/index.js';
import type { PullRequestVerdict, VerifyPullRequest } from '../orchestrator/index.js';
import {
  ownWorkflowFile,
  type PullRequestWorkflow,
  pullRequestWorkflowsOf,
  readPullRequestWorkflows,
  type ValidationVerdict,
  validatePullRequest,
} from '../validation/index.js';
import type { ModeContext } from './context.js';
import type { Runtime } from './runtime.js';

const EVIDENCE_CHARS = 8_000;

/**
 * What "done" means for a task's PR (a security rule: decided by the PR and its CI, never by a model):
 * its CI on the head commit, the validate-command and the optional review, posted as the
 * `Cyrus validation` check run. A failure's evidence goes back to the agent on the next attempt.
 */
export function pullRequestVerifier(
  context: ModeContext,
  runtime: Runtime,
  issue: string,
): VerifyPullRequest {
  return async (task, result) => {
    if (!result.pullRequest) return { verdict: 'failed', reasons: ['no pull request to validate'] };
    const verdict = await validate(context, runtime, result.pullRequest.number, {
      issue,
      task: { id: task.id, title: task.title },
    });
    return toOrchestratorVerdict(verdict);
  };
}

export async function validate(
  context: ModeContext,
  runtime: Runtime,
  pullNumber: number,
  subject: { issue: string; task: { id: string; title: string } },
): Promise<ValidationVerdict> {
  const { config, clock, logger, job } = context;
  const deadline = clock.now() + config.validation.timeoutMinutes * 60_000;
  const needsCheckout = Boolean(config.validation.command) || (config.validation.review && runtime.hasClaude);
  const checkout = needsCheckout ? await checkoutSource(context, runtime) : undefined;
  // Fails closed: a validate-command or a review never runs outside the sandbox.
  const sandbox = needsCheckout ? await runtime.sandbox() : undefined;
  return validatePullRequest({
    github: runtime.github,
    pullNumber,
    deadline,
    logger,
    clock,
    detailsUrl: context.runUrl,
    externalId: `${subject.issue}/${subject.task.id}`,
    subject: { ...subject, runUrl: context.runUrl },
    workflowRunId: job.run.id,
    ci: { noChecksGraceMs: config.validation.noChecksGraceSeconds * 1000 },
    checkout,
    command: config.validation.command ? { run: config.validation.command, sandbox } : undefined,
    review:
      config.validation.review && runtime.hasClaude
        ? { binary: await runtime.claude(), env: runtime.claudeEnv(), model: config.claude.model, sandbox }
        : undefined,
    redact: runtime.secrets(),
    workflows: {
      workflows: await pullRequestWorkflows(context, runtime),
      dispatch: (file, ref) => runtime.github.dispatchWorkflow(file, ref),
      settingsUrl: `${job.credentials.serverUrl}/${job.repository.owner}/${job.repository.repo}/settings/actions`,
    },
  });
}

const WORKFLOWS_DIR = '.github/workflows';

/**
 * The repository's PR workflows: from the base branch on pull_request events, since the PR's own
 * files could add, drop or change a workflow there; from the checkout otherwise.
 */
async function pullRequestWorkflows(context: ModeContext, runtime: Runtime): Promise<PullRequestWorkflow[]> {
  const { job, baseRef } = context;
  const own = ownWorkflowFile(job.run.workflowRef);
  if (!baseRef) return readPullRequestWorkflows(job.workspace, own);
  const files = (await listRefDirectory(runtime.githubClient, job.repository, baseRef, WORKFLOWS_DIR)) ?? [];
  const read = refFileReader(runtime.githubClient, job.repository, baseRef);
  return pullRequestWorkflowsOf(files, (file) => read(`${WORKFLOWS_DIR}/${file}`), own);
}

async function checkoutSource(context: ModeContext, runtime: Runtime) {
  const auth = await runtime.prepareCheckout();
  const url = (await new Git().text(['remote', 'get-url', 'origin'], { cwd: context.job.workspace })).trim();
  return { repoDir: context.job.workspace, remote: { url, auth }, tempRoot: context.job.scratch };
}

export function toOrchestratorVerdict(verdict: ValidationVerdict): PullRequestVerdict {
  if (verdict.verdict === 'passed' || verdict.verdict === 'skipped')
    return { verdict: 'passed', reasons: verdict.reasons };
  if (verdict.verdict === 'timed_out') return { verdict: 'timed_out', reasons: verdict.reasons };
  if (verdict.verdict === 'unverified')
    return {
      verdict: 'unverified',
      reasons: verdict.reasons,
      ...(verdict.action ? { action: verdict.action } : {}),
    };
  const failing = verdict.evidence.failingChecks.map(
    (c) => `- ${c.name}: ${c.conclusion}${c.summary ? ` — ${c.summary}` : ''}`,
  );
  const evidence = [
    ...(failing.length > 0 ? ['Failing checks:', ...failing] : []),
    ...(verdict.evidence.commandOutput
      ? ['Validation command output (tail):', verdict.evidence.commandOutput.slice(-EVIDENCE_CHARS)]
      : []),
    ...(verdict.evidence.review ? ['Review:', verdict.evidence.review.slice(0, EVIDENCE_CHARS)] : []),
  ].join('\n');
  return { verdict: 'failed', reasons: verdict.reasons, evidence: evidence || undefined };
}

import type { ExecutionContext } from '../../domain/index.js';
import { type Git, type RemoteTarget, remoteBranchSha } from '../../git/index.js';
import { redactUrl, TaskFailure } from './failures.js';

/** Continue an earlier push of this branch if there is one; else start from the base branch. */
export async function startPoint(
  git: Git,
  context: ExecutionContext,
  target: RemoteTarget,
  bound: () => { timeoutMs: number; signal: AbortSignal },
): Promise<{ branch: string; description: string }> {
  const repo = context.workingDirectory;
  if (await remoteBranchSha(git, repo, target, context.branch, bound())) {
    return { branch: context.branch, description: `its earlier push (${context.branch})` };
  }
  if (!(await remoteBranchSha(git, repo, target, context.baseBranch, bound()))) {
    throw new TaskFailure(
      'internal',
      `the base branch ${context.baseBranch} does not exist on ${redactUrl(target.url)}; a dependent task needs its prerequisite's branch pushed first`,
    );
  }
  return { branch: context.baseBranch, description: context.baseBranch };
}

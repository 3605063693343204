import type { ExecutionContext } from '../../domain/index.js';
import {
  extractPersistedCredentials,
  type Git,
  type GitAuth,
  type RemoteTarget,
  remoteBranchSha,
} from '../../git/index.js';
import type { Logger } from '../../util/logger.js';
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

/**
 * The remote the action fetches from and pushes to, with its own credentials. Security rule: the
 * checkout's persisted credentials are taken out first, before any agent runs; only our push uses them.
 */
export async function actionRemote(
  git: Git,
  checkout: string,
  options: {
    gitAuth: GitAuth;
    remoteUrl?: string;
    logger?: Logger;
    bound: () => { timeoutMs: number; signal: AbortSignal };
  },
): Promise<{ auth: GitAuth; remoteUrl: string; target: RemoteTarget }> {
  const extracted = await extractPersistedCredentials(checkout, {
    git,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const auth = options.gitAuth.merge(extracted);
  const remoteUrl =
    options.remoteUrl ??
    (await git.text(['remote', 'get-url', 'origin'], { cwd: checkout, ...options.bound() }));
  return { auth, remoteUrl, target: { url: remoteUrl, auth } };
}

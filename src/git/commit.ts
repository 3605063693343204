import type { Git } from './runner.js';

export interface CommitIdentity {
  name: string;
  email: string;
}

/** The identity the action commits agents' work under. */
const ACTION_IDENTITY: CommitIdentity = {
  name: 'codegen-action[bot]',
  email: 'codegen-action[bot]@users.noreply.github.com',
};

export interface CommitAllOptions {
  cwd: string;
  /** Commit the branch started from: tells whether the agent changed anything at all. */
  baseSha: string;
  message: string;
  identity?: CommitIdentity;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface CommitOutcome {
  /** A commit of what was left in the working tree was made. */
  committed: boolean;
  head: string;
  /** Commits on the branch beyond its base (the agent's own commits included). */
  commitsAhead: number;
  changedFiles: string[];
}

/**
 * Stages everything and commits it as the action (the agent is told not to commit). Commits the
 * agent made anyway are kept. `commitsAhead === 0` means the agent changed nothing.
 */
export async function commitAll(git: Git, options: CommitAllOptions): Promise<CommitOutcome> {
  const identity = options.identity ?? ACTION_IDENTITY;
  const call = {
    cwd: options.cwd,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  await git.run(['add', '-A'], call);
  const staged = await git.run(['diff', '--cached', '--quiet'], { ...call, okExitCodes: [0, 1] });
  let committed = false;
  if (staged.exitCode === 1) {
    await git.run(
      [
        '-c',
        `user.name=${identity.name}`,
        '-c',
        `user.email=${identity.email}`,
        '-c',
        'commit.gpgsign=false',
        'commit',
        '--no-verify',
        '--quiet',
        '-F',
        '-',
      ],
      {
        ...call,
        input: options.message,
        env: {
          GIT_AUTHOR_NAME: identity.name,
          GIT_AUTHOR_EMAIL: identity.email,
          GIT_COMMITTER_NAME: identity.name,
          GIT_COMMITTER_EMAIL: identity.email,
        },
      },
    );
    committed = true;
  }
  const head = await git.text(['rev-parse', 'HEAD'], call);
  const commitsAhead = Number(await git.text(['rev-list', '--count', `${options.baseSha}..HEAD`], call));
  const changed = await git.text(['diff', '--name-only', options.baseSha, 'HEAD'], call);
  return { committed, head, commitsAhead, changedFiles: changed === '' ? [] : changed.split('\n') };
}

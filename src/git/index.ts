export {
  type CommitAllOptions,
  type CommitIdentity,
  type CommitOutcome,
  commitAll,
} from './commit.js';
export { filesContaining } from './credential-plan.js';
export { extractPersistedCredentials, GitAuth, globalCredentialWarnings } from './credentials.js';
export {
  dropEscapingSymlinks,
  type ImportCheck,
  prepareTreeForImport,
  scanTree,
  type TreeScan,
  UnsafeTreeError,
} from './import-tree.js';
export {
  type CreateOwnedRepositoryOptions,
  checkOutInto,
  createOwnedRepository,
  type OwnedRepository,
} from './owned-repo.js';
export {
  fetchBranch,
  pushHead,
  type RemoteCallOptions,
  type RemoteTarget,
  remoteBranchSha,
} from './remote.js';
export {
  Git,
  GitAbortedError,
  type GitCallOptions,
  GitError,
  type GitOutput,
  type GitRunnerOptions,
  GitTimeoutError,
} from './runner.js';
export {
  type CreateWorktreeOptions,
  commonDirOf,
  createWorktree,
  removeWorktree,
  type Worktree,
  withWorktree,
  worktreeDirName,
} from './worktrees.js';

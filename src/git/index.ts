export {
  ACTION_IDENTITY,
  type CommitAllOptions,
  type CommitIdentity,
  type CommitOutcome,
  commitAll,
} from './commit.js';
export { rememberTrustedConfig, restoreTrustedConfig } from './config-guard.js';
export {
  extractPersistedCredentials,
  filesContaining,
  GitAuth,
  globalCredentialWarnings,
} from './credentials.js';
export {
  dropEscapingSymlinks,
  type ImportCheck,
  prepareTreeForImport,
  scanTree,
  symlinkLeavesTree,
  type TreeScan,
  UnsafeTreeError,
} from './import-tree.js';
export {
  type CreateOwnedRepositoryOptions,
  checkOutInto,
  createOwnedRepository,
  type OwnedRepository,
  protocolsFor,
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
  GitNotFoundError,
  type GitOutput,
  type GitRunnerOptions,
  GitTimeoutError,
} from './runner.js';
export {
  type CreateWorktreeOptions,
  commonDirOf,
  createWorktree,
  pruneWorktrees,
  removeWorktree,
  type Worktree,
  withWorktree,
  worktreeDirName,
} from './worktrees.js';

export { readDocument, UNCHANGED, type UpdateOptions, updateDocument } from './document.js';
export { GitHubBranchStore } from './github-store.js';
export { type ClaimResult, dayOf, issueFileName, Ledger, type ReserveResult } from './ledger.js';
export { LocalDirectoryStore } from './local-store.js';
export {
  AttemptRecord,
  committedUsd,
  IssueRecord,
  IssueStatus,
  SpendRecord,
  TaskAction,
  TaskMerge,
  TaskRecord,
  TaskState,
} from './records.js';
export type { LedgerStore, VersionedDocument, WriteResult } from './store.js';

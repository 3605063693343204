/**
 * The branch a task's work lands on. It carries the Linear identifier in lower case, which is how
 * Linear links the PR to the issue (contracts: branch name contains `eng-123`). A fallback
 * attempt gets its own branch so it never collides with what the cloud run may have pushed.
 */
export function taskBranch(issueIdentifier: string, taskId: string, fallbackAttempt?: number): string {
  const issue = issueIdentifier
    .replace(/^#/, 'gh-')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-');
  const task = taskId.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  return `cyrus/${issue}-${task}${fallbackAttempt ? `-a${fallbackAttempt}` : ''}`;
}

/** Dispatch key of one attempt: the ledger's idempotency key and the Codegen run's metadata tag. */
export function dispatchKey(issueIdentifier: string, taskId: string, attempt: number): string {
  return `${issueIdentifier}/${taskId}/${attempt}`;
}

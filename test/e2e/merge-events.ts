import { webhookPayload } from '../fixtures/webhooks.js';
import { OWNER, REPO, type World } from './world.js';

/** Helpers the merge e2e tests share: driving the Codegen runs, and the PR events GitHub sends. */

/** Drives the Codegen runs (their finish hooks) until `check` holds, within `timeoutMs`. */
export async function until(
  world: World,
  what: string,
  check: () => boolean,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const run of world.codegen.state.runs.values()) await world.codegen.state.statusOf(run);
    if (check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A `pull_request` event for PR #number as GitHub would send it now. */
export function pullEvent(
  world: World,
  action: 'closed' | 'synchronize',
  number: number,
): Record<string, unknown> {
  const payload = webhookPayload('pull_request', action) as {
    number: number;
    pull_request: { number: number; merged: boolean; html_url: string; head: { ref: string; sha: string } };
  };
  const pr = world.github.state.pullRequests(OWNER, REPO).find((p) => p.number === number);
  if (!pr) throw new Error(`no PR #${number}`);
  payload.number = number;
  payload.pull_request.number = number;
  payload.pull_request.merged = pr.merged;
  payload.pull_request.html_url = pr.html_url;
  payload.pull_request.head.ref = pr.head.ref;
  payload.pull_request.head.sha = world.github.state.branchSha(OWNER, REPO, pr.head.ref) ?? pr.head.sha;
  return payload;
}

/**
 * A Linear issue synced to a GitHub twin, with `main` protected by a required review and
 * auto-merge allowed. Returns the label event that starts it and how a person approves a PR.
 */

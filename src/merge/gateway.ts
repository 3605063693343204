import { z } from 'zod';
import type { RepositoryRef } from '../domain/index.js';
import { githubMessage, httpStatus } from '../github/http-errors.js';
import type { GitHubClient } from '../github/octokit.js';

export const MergeMethod = z.enum(['MERGE', 'SQUASH', 'REBASE']);
export type MergeMethod = z.infer<typeof MergeMethod>;

const MergeStateStatus = z.enum([
  'DIRTY',
  'UNKNOWN',
  'BLOCKED',
  'BEHIND',
  'DRAFT',
  'UNSTABLE',
  'HAS_HOOKS',
  'CLEAN',
]);

/** One PR as the merge rules need it, from one GraphQL read. */
export const PullMergeView = z.object({
  id: z.string(),
  number: z.number().int(),
  url: z.string(),
  isDraft: z.boolean(),
  state: z.enum(['OPEN', 'CLOSED', 'MERGED']),
  headRefName: z.string(),
  headRefOid: z.string(),
  baseRefName: z.string(),
  mergeStateStatus: MergeStateStatus,
  reviewDecision: z.enum(['CHANGES_REQUESTED', 'APPROVED', 'REVIEW_REQUIRED']).nullable(),
  autoMergeRequest: z.object({ enabledAt: z.string().nullable() }).nullable(),
  isInMergeQueue: z.boolean(),
});
export type PullMergeView = z.infer<typeof PullMergeView>;

export const RepositoryMergeSettings = z.object({
  autoMergeAllowed: z.boolean(),
  squashMergeAllowed: z.boolean(),
  mergeCommitAllowed: z.boolean(),
  rebaseMergeAllowed: z.boolean(),
  mergeQueue: z.object({ id: z.string() }).nullable(),
});
export type RepositoryMergeSettings = z.infer<typeof RepositoryMergeSettings>;

/** What GitHub answered to a write: done, or refused with its message. */
export type MergeWriteResult = { ok: true } | { ok: false; message: string; status?: number };

/** What landing PRs asks of GitHub. Tests plug the Octokit implementation into the stand-in. */
export interface MergeGateway {
  settings(baseBranch: string): Promise<RepositoryMergeSettings>;
  pulls(numbers: number[]): Promise<Map<number, PullMergeView>>;
  enableAutoMerge(
    pull: PullMergeView,
    method: MergeMethod,
    expectedHeadOid: string,
  ): Promise<MergeWriteResult>;
  enqueue(pull: PullMergeView, expectedHeadOid: string): Promise<MergeWriteResult>;
  mergeNow(pull: PullMergeView, method: MergeMethod, expectedHeadOid: string): Promise<MergeWriteResult>;
  retarget(number: number, base: string): Promise<MergeWriteResult>;
  /** Merges the base into the head where GitHub can (202: it works in the background). */
  updateBranch(number: number, expectedHeadSha: string): Promise<MergeWriteResult>;
  /** Closes a GitHub issue as completed. */
  closeIssue(number: number): Promise<MergeWriteResult>;
}

const PULL_FIELDS = `id number url isDraft state headRefName headRefOid baseRefName mergeStateStatus
  reviewDecision autoMergeRequest { enabledAt } isInMergeQueue`;

export class OctokitMergeGateway implements MergeGateway {
  constructor(
    private readonly client: GitHubClient,
    private readonly repository: RepositoryRef,
  ) {}

  async settings(baseBranch: string): Promise<RepositoryMergeSettings> {
    const data = await this.client.graphql<{ repository: unknown }>(
      `query($owner: String!, $name: String!, $base: String!) {
        repository(owner: $owner, name: $name) {
          autoMergeAllowed squashMergeAllowed mergeCommitAllowed rebaseMergeAllowed
          mergeQueue(branch: $base) { id }
        }
      }`,
      { owner: this.repository.owner, name: this.repository.repo, base: baseBranch },
    );
    return RepositoryMergeSettings.parse(data.repository);
  }

  async pulls(numbers: number[]): Promise<Map<number, PullMergeView>> {
    const out = new Map<number, PullMergeView>();
    if (numbers.length === 0) return out;
    // One request for every PR of the issue: aliases, not one call each.
    const fields = numbers.map((n) => `pr${n}: pullRequest(number: ${n}) { ${PULL_FIELDS} }`).join('\n');
    const data = await this.client.graphql<{ repository: Record<string, unknown> }>(
      `query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { ${fields} } }`,
      { owner: this.repository.owner, name: this.repository.repo },
    );
    for (const n of numbers) {
      const parsed = PullMergeView.safeParse(data.repository[`pr${n}`]);
      if (parsed.success) out.set(n, parsed.data);
    }
    return out;
  }

  enableAutoMerge(
    pull: PullMergeView,
    method: MergeMethod,
    expectedHeadOid: string,
  ): Promise<MergeWriteResult> {
    return this.mutate(
      `mutation($input: EnablePullRequestAutoMergeInput!) {
        enablePullRequestAutoMerge(input: $input) { pullRequest { id autoMergeRequest { enabledAt } } }
      }`,
      { input: { pullRequestId: pull.id, mergeMethod: method, expectedHeadOid } },
    );
  }

  enqueue(pull: PullMergeView, expectedHeadOid: string): Promise<MergeWriteResult> {
    return this.mutate(
      `mutation($input: EnqueuePullRequestInput!) {
        enqueuePullRequest(input: $input) { mergeQueueEntry { id position } }
      }`,
      { input: { pullRequestId: pull.id, expectedHeadOid } },
    );
  }

  mergeNow(pull: PullMergeView, method: MergeMethod, expectedHeadOid: string): Promise<MergeWriteResult> {
    return this.mutate(
      `mutation($input: MergePullRequestInput!) {
        mergePullRequest(input: $input) { pullRequest { id merged } }
      }`,
      { input: { pullRequestId: pull.id, mergeMethod: method, expectedHeadOid } },
    );
  }

  async retarget(number: number, base: string): Promise<MergeWriteResult> {
    return this.rest(() => this.client.rest.pulls.update({ ...this.repository, pull_number: number, base }));
  }

  async updateBranch(number: number, expectedHeadSha: string): Promise<MergeWriteResult> {
    return this.rest(() =>
      this.client.rest.pulls.updateBranch({
        ...this.repository,
        pull_number: number,
        expected_head_sha: expectedHeadSha,
      }),
    );
  }

  async closeIssue(number: number): Promise<MergeWriteResult> {
    return this.rest(() =>
      this.client.rest.issues.update({
        ...this.repository,
        issue_number: number,
        state: 'closed',
        state_reason: 'completed',
      }),
    );
  }

  private async mutate(query: string, variables: Record<string, unknown>): Promise<MergeWriteResult> {
    try {
      await this.client.graphql(query, variables);
      return { ok: true };
    } catch (error) {
      const errors = (error as { errors?: { message?: string }[] }).errors;
      // GraphQL refusals (200 with `errors`) are answers, not outages: the caller reports them.
      if (Array.isArray(errors) && errors.length > 0)
        return { ok: false, message: errors.map((e) => e.message ?? 'refused').join('; ') };
      throw error;
    }
  }

  private async rest(call: () => Promise<unknown>): Promise<MergeWriteResult> {
    try {
      await call();
      return { ok: true };
    } catch (error) {
      const status = httpStatus(error);
      if (status === 403 || status === 404 || status === 409 || status === 422)
        return { ok: false, message: githubMessage(error), status };
      throw error;
    }
  }
}

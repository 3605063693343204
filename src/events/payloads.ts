import { z } from 'zod';

/** Only the fields the action reads; GitHub sends many more, all tolerated. */
const Actor = z.object({ login: z.string(), type: z.string().optional() });
const Label = z.object({ name: z.string() });
const RepoName = z.object({ full_name: z.string() });

export const IssuesEvent = z.object({
  action: z.string(),
  label: Label.optional(),
  sender: Actor,
  issue: z.object({
    number: z.number().int().positive(),
    title: z.string(),
    body: z.string().nullable().optional(),
    html_url: z.string(),
    state: z.string().optional(),
    labels: z.array(z.union([Label, z.string()])).optional(),
    pull_request: z.unknown().optional(),
  }),
});
export type IssuesEvent = z.infer<typeof IssuesEvent>;

export const WorkflowDispatchEvent = z.object({
  inputs: z.record(z.string(), z.unknown()).nullable().optional(),
  sender: Actor.optional(),
});

export const PullRequestEvent = z.object({
  action: z.string(),
  number: z.number().int().positive(),
  sender: Actor.optional(),
  pull_request: z.object({
    number: z.number().int().positive(),
    html_url: z.string(),
    title: z.string(),
    head: z.object({ ref: z.string(), sha: z.string(), repo: RepoName.nullable() }),
    base: z.object({ ref: z.string(), repo: RepoName }),
    merged: z.boolean().nullish(),
  }),
});
export type PullRequestEvent = z.infer<typeof PullRequestEvent>;

/** `push`: which branch moved, in which repository (a merge into the base is one). */
export const PushEvent = z.object({
  ref: z.string(),
  after: z.string(),
  repository: z.object({ default_branch: z.string() }),
});
export type PushEvent = z.infer<typeof PushEvent>;

const SuitePullRequest = z.object({
  number: z.number().int().positive(),
  head: z.object({ ref: z.string() }).optional(),
});

export const CheckSuiteEvent = z.object({
  action: z.string(),
  check_suite: z.object({
    head_sha: z.string(),
    head_branch: z.string().nullable(),
    conclusion: z.string().nullable(),
    pull_requests: z.array(SuitePullRequest).default([]),
  }),
});

export const WorkflowRunEvent = z.object({
  action: z.string(),
  workflow_run: z.object({
    head_sha: z.string(),
    head_branch: z.string().nullable(),
    conclusion: z.string().nullable(),
    pull_requests: z.array(SuitePullRequest).default([]),
  }),
});

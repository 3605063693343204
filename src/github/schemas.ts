import { z } from 'zod';

/**
 * The parts of GitHub's answers the action relies on, checked at the boundary. Status and
 * conclusion stay strings: GitHub adds values (`startup_failure`, `stale`), and code that reads
 * them decides what an unknown one means.
 */
const Login = z.object({ login: z.string() }).nullable().optional();

const App = z.object({ id: z.number(), slug: z.string().optional(), name: z.string() }).nullable().optional();

export const CheckRunPayload = z.object({
  id: z.number(),
  name: z.string(),
  head_sha: z.string(),
  status: z.string(),
  conclusion: z.string().nullable(),
  html_url: z.string().nullable(),
  details_url: z.string().nullable().optional(),
  check_suite: z.object({ id: z.number() }).nullable().optional(),
  app: App,
  output: z.object({ title: z.string().nullable(), summary: z.string().nullable() }).optional(),
  started_at: z.string().nullable().optional(),
  completed_at: z.string().nullable().optional(),
});
export type CheckRunPayload = z.infer<typeof CheckRunPayload>;

export const CheckRunList = z.object({ total_count: z.number(), check_runs: z.array(CheckRunPayload) });

export const CheckSuitePayload = z.object({
  id: z.number(),
  head_sha: z.string(),
  status: z.string().nullable(),
  conclusion: z.string().nullable(),
  app: App,
  latest_check_runs_count: z.number().optional(),
  created_at: z.string().nullable().optional(),
});
export type CheckSuitePayload = z.infer<typeof CheckSuitePayload>;

export const CheckSuiteList = z.object({ total_count: z.number(), check_suites: z.array(CheckSuitePayload) });

export const CommitState = z.enum(['error', 'failure', 'pending', 'success']);

export const CommitStatusPayload = z.object({
  id: z.number().optional(),
  context: z.string(),
  state: CommitState,
  description: z.string().nullable().optional(),
  target_url: z.string().nullable().optional(),
  creator: Login,
});
export type CommitStatusPayload = z.infer<typeof CommitStatusPayload>;

export const CombinedStatusPayload = z.object({
  state: z.string(),
  sha: z.string(),
  statuses: z.array(CommitStatusPayload),
});

export const IssuePayload = z.object({
  number: z.number(),
  html_url: z.string(),
  title: z.string(),
  body: z.string().nullable().optional(),
  state: z.string(),
  labels: z.array(z.union([z.string(), z.object({ name: z.string().optional() })])),
  user: Login,
  created_at: z.string(),
  updated_at: z.string(),
  pull_request: z.object({}).passthrough().optional(),
});
export type IssuePayload = z.infer<typeof IssuePayload>;

export const IssueCommentPayload = z.object({
  id: z.number(),
  body: z.string().optional(),
  html_url: z.string(),
  user: Login,
  created_at: z.string(),
  updated_at: z.string(),
});
export type IssueCommentPayload = z.infer<typeof IssueCommentPayload>;

export const ReviewPayload = z.object({
  id: z.number(),
  state: z.string(),
  body: z.string(),
  user: Login,
  commit_id: z.string().nullable(),
  html_url: z.string(),
});
export type ReviewPayload = z.infer<typeof ReviewPayload>;

/** What the gateway reads of a pull request (GET /pulls/{n}, conditional). */
export const PullRequestPayload = z.object({
  number: z.number(),
  html_url: z.string(),
  title: z.string(),
  state: z.string(),
  merged: z.boolean().nullable().optional(),
  merged_at: z.string().nullable().optional(),
  draft: z.boolean().optional(),
  head: z.object({ ref: z.string(), sha: z.string(), repo: z.object({ full_name: z.string() }).nullable() }),
  base: z.object({ ref: z.string(), repo: z.object({ full_name: z.string() }) }),
});

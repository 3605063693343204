import { z } from 'zod';

/*
 * Response and request shapes of Codegen's REST API, following its official OpenAPI spec
 * (codegen-sh/codegen docs/api-reference/openapi3.json). Objects are loose: fields the spec adds
 * later pass through; a field the spec marks required is required here too.
 */

const nullableString = z.string().nullish();

export const GithubPullRequest = z.looseObject({
  id: z.number().int(),
  title: nullableString,
  url: nullableString,
  created_at: z.string(),
  head_branch_name: nullableString,
});
export type GithubPullRequest = z.infer<typeof GithubPullRequest>;

export const RunMetadata = z.record(z.string(), z.unknown());
export type RunMetadata = z.infer<typeof RunMetadata>;

export const AgentRun = z.looseObject({
  id: z.number().int(),
  organization_id: z.number().int(),
  /** A free string in the spec; see status.ts for what it means. */
  status: nullableString,
  created_at: nullableString,
  web_url: nullableString,
  result: nullableString,
  summary: nullableString,
  /** An enum in the spec; kept a string so a new source type does not break reads. */
  source_type: nullableString,
  github_pull_requests: z.array(GithubPullRequest).nullish(),
  metadata: RunMetadata.nullish(),
});
export type AgentRun = z.infer<typeof AgentRun>;

/** FastAPI-style page: `{items,total,page,size,pages}`. */
function pageOf<T extends z.ZodType>(item: T) {
  return z.looseObject({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    size: z.number().int(),
    pages: z.number().int(),
  });
}
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  size: number;
  pages: number;
}

export const AgentRunPage = pageOf(AgentRun);

const AgentRunLog = z.looseObject({
  agent_run_id: z.number().int(),
  created_at: nullableString,
  tool_name: nullableString,
  message_type: nullableString,
  thought: nullableString,
  observation: z.union([z.record(z.string(), z.unknown()), z.string()]).nullish(),
  tool_input: z.record(z.string(), z.unknown()).nullish(),
  tool_output: z.record(z.string(), z.unknown()).nullish(),
});
export type AgentRunLog = z.infer<typeof AgentRunLog>;

export const AgentRunWithLogs = z.looseObject({
  id: z.number().int(),
  organization_id: z.number().int(),
  status: nullableString,
  created_at: nullableString,
  web_url: nullableString,
  result: nullableString,
  metadata: RunMetadata.nullish(),
  logs: z.array(AgentRunLog),
  total_logs: z.number().int().nullish(),
  page: z.number().int().nullish(),
  size: z.number().int().nullish(),
  pages: z.number().int().nullish(),
});
export type AgentRunWithLogs = z.infer<typeof AgentRunWithLogs>;

export const User = z.looseObject({
  id: z.number().int(),
  email: nullableString,
  github_user_id: z.string(),
  github_username: z.string(),
  avatar_url: nullableString,
  full_name: nullableString,
  role: nullableString,
  is_admin: z.boolean().nullish(),
});
export type User = z.infer<typeof User>;

export const Organization = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  settings: z.looseObject({
    enable_pr_creation: z.boolean().optional(),
    enable_rules_detection: z.boolean().optional(),
  }),
});
export type Organization = z.infer<typeof Organization>;
export const OrganizationPage = pageOf(Organization);

/** The spec lists every field as required, some of them nullable. */
export const Repository = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  full_name: z.string(),
  description: z.string().nullable(),
  github_id: z.string(),
  organization_id: z.number().int(),
  visibility: z.string().nullable(),
  archived: z.boolean().nullable(),
  setup_status: z.string(),
  language: z.string().nullable(),
});
export type Repository = z.infer<typeof Repository>;
export const RepositoryPage = pageOf(Repository);

export const AgentType = z.enum(['codegen', 'claude_code']);
export type AgentType = z.infer<typeof AgentType>;

export const CreateAgentRunInput = z.object({
  prompt: z.string().min(1),
  images: z.array(z.string()).optional(),
  metadata: RunMetadata.optional(),
  repo_id: z.number().int().optional(),
  model: z.string().optional(),
  agent_type: AgentType.optional(),
});
export type CreateAgentRunInput = z.infer<typeof CreateAgentRunInput>;

export const ResumeAgentRunInput = z.object({
  agent_run_id: z.number().int(),
  prompt: z.string().min(1),
  images: z.array(z.string()).optional(),
});
export type ResumeAgentRunInput = z.infer<typeof ResumeAgentRunInput>;

/**
 * Error bodies: Codegen's own errors carry `{message, status_code}`; FastAPI's validation errors
 * carry `detail` (a list of `{loc,msg,type}`, sometimes a plain string). Read both.
 */
const ErrorBody = z.looseObject({
  message: z.string().optional(),
  status_code: z.number().optional(),
  detail: z
    .union([
      z.string(),
      z.array(z.looseObject({ loc: z.array(z.union([z.string(), z.number()])).optional(), msg: z.string() })),
    ])
    .optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** One readable line out of an error body, or undefined when it says nothing. */
export function describeErrorBody(body: unknown): string | undefined {
  const parsed = ErrorBody.safeParse(body);
  if (!parsed.success) return undefined;
  const { message, detail } = parsed.data;
  if (message) return message;
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail) && detail.length > 0) {
    return detail.map((d) => (d.loc ? `${d.loc.join('.')}: ${d.msg}` : d.msg)).join('; ');
  }
  return undefined;
}

import type { CodegenState, StandInRepo, StandInRun } from './state.js';

/** Response bodies in the shapes of Codegen's OpenAPI spec. */

export function page<T>(items: T[], skip: number, limit: number) {
  return {
    items: items.slice(skip, skip + limit),
    total: items.length,
    page: Math.floor(skip / limit) + 1,
    size: limit,
    pages: Math.max(1, Math.ceil(items.length / limit)),
  };
}

export async function runBody(state: CodegenState, run: StandInRun) {
  const status = await state.statusOf(run);
  const finished =
    status !== 'PENDING' &&
    status !== 'ACTIVE' &&
    status !== 'PAUSED' &&
    status !== 'EVALUATION' &&
    status !== 'RUNNING';
  return {
    id: run.id,
    organization_id: run.organizationId,
    status,
    created_at: new Date(run.createdAt).toISOString(),
    web_url: `https://codegen.com/agent/trace/${run.id}`,
    result: finished ? (run.script.result ?? null) : null,
    summary: finished ? (run.script.summary ?? null) : null,
    source_type: run.sourceType,
    github_pull_requests: run.pullRequests,
    metadata: run.metadata,
  };
}

export async function logsBody(
  state: CodegenState,
  run: StandInRun,
  skip: number,
  limit: number,
  reverse: boolean,
) {
  const body = await runBody(state, run);
  const scripted = run.script.logs ?? [
    { message_type: 'ACTION', thought: 'Reading the repository', tool_name: 'ripgrep_search' },
  ];
  const logs = scripted.map((log) => ({
    agent_run_id: run.id,
    created_at: body.created_at,
    tool_name: log.tool_name ?? null,
    message_type: log.message_type,
    thought: log.thought ?? null,
    observation: null,
    tool_input: null,
    tool_output: null,
  }));
  const ordered = reverse ? [...logs].reverse() : logs;
  const paged = page(ordered, skip, limit);
  return {
    id: body.id,
    organization_id: body.organization_id,
    status: body.status,
    created_at: body.created_at,
    web_url: body.web_url,
    result: body.result,
    metadata: body.metadata,
    logs: paged.items,
    total_logs: paged.total,
    page: paged.page,
    size: paged.size,
    pages: paged.pages,
  };
}

export function userBody(user: { id: number; login: string }) {
  return {
    id: user.id,
    email: `${user.login}@example.com`,
    github_user_id: String(10_000 + user.id),
    github_username: user.login,
    avatar_url: null,
    full_name: 'Stand-in User',
    role: 'ADMIN',
    is_admin: true,
  };
}

export function organizationBody(id: number) {
  return { id, name: `Org ${id}`, settings: { enable_pr_creation: true, enable_rules_detection: true } };
}

export function repoBody(orgId: number, repo: StandInRepo) {
  return {
    id: repo.id,
    name: repo.name,
    full_name: repo.full_name,
    description: null,
    github_id: String(40_000 + repo.id),
    organization_id: orgId,
    visibility: 'PRIVATE',
    archived: false,
    setup_status: 'COMPLETED',
    language: 'TypeScript',
  };
}

/** Codegen's own error shape: `{message, status_code}`. */
export function errorBody(status: number, message: string) {
  return { message, status_code: status };
}

/** FastAPI's validation error shape. */
export function validationBody(loc: (string | number)[], msg: string, type = 'value_error') {
  return { detail: [{ loc, msg, type }] };
}

export const MESSAGES = {
  rateLimited: 'Rate limit exceeded. Please try again later.',
  quota:
    'Alloted agent runs for the current billing plan have been reached. Please upgrade your plan to continue.',
  forbidden: 'You do not have access to this organization.',
  noRepos: 'No repos found in the organization. Please add some repos and try again.',
  runNotFound: 'Agent run not found.',
} as const;

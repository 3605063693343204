import { z } from 'zod';
import { UserError } from '../util/errors.js';

/** The runner protocol's variables the action honours (the action interface). */
export interface RunnerEnvironment {
  eventName: string;
  eventPath?: string;
  repository: { owner: string; repo: string };
  apiUrl: string;
  serverUrl: string;
  runId?: string;
  /** GITHUB_WORKFLOW_REF: this workflow's file (`owner/repo/.github/workflows/cyrus.yml@ref`). */
  workflowRef?: string;
  workspace: string;
  runnerTemp: string;
  toolCache?: string;
}

const Env = z.object({
  GITHUB_EVENT_NAME: z.string().min(1),
  GITHUB_EVENT_PATH: z.string().min(1).optional(),
  GITHUB_REPOSITORY: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'owner/repo'),
  GITHUB_API_URL: z.url().default('https://api.github.com'),
  GITHUB_SERVER_URL: z.url().default('https://github.com'),
  GITHUB_RUN_ID: z.string().min(1).optional(),
  GITHUB_WORKFLOW_REF: z.string().min(1).optional(),
  GITHUB_WORKSPACE: z.string().min(1).optional(),
  RUNNER_TEMP: z.string().min(1).optional(),
  RUNNER_TOOL_CACHE: z.string().min(1).optional(),
});

/** Reads the runner variables; a missing one is an error that says how to provide it. */
export function readRunnerEnvironment(env: NodeJS.ProcessEnv, cwd: string, tmp: string): RunnerEnvironment {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = Env.safeParse(present);
  if (!parsed.success) {
    throw new UserError(
      'The GitHub Actions runner environment is incomplete. This action runs as a workflow step ' +
        '(`uses: cyrus/codegen-action@v1`); to run it elsewhere, set the variables below, or use `npx cyrus run`.',
      parsed.error.issues.map((i) => {
        const name = String(i.path[0]);
        return present[name] === undefined
          ? `${name} is not set`
          : `${name} is invalid: expected ${i.message}`;
      }),
    );
  }
  const e = parsed.data;
  const [owner = '', repo = ''] = e.GITHUB_REPOSITORY.split('/');
  return {
    eventName: e.GITHUB_EVENT_NAME,
    eventPath: e.GITHUB_EVENT_PATH,
    repository: { owner, repo },
    apiUrl: e.GITHUB_API_URL.replace(/\/$/, ''),
    serverUrl: e.GITHUB_SERVER_URL.replace(/\/$/, ''),
    runId: e.GITHUB_RUN_ID,
    ...(e.GITHUB_WORKFLOW_REF ? { workflowRef: e.GITHUB_WORKFLOW_REF } : {}),
    workspace: e.GITHUB_WORKSPACE ?? cwd,
    runnerTemp: e.RUNNER_TEMP ?? tmp,
    toolCache: e.RUNNER_TOOL_CACHE,
  };
}

/** Link to this workflow run, for reports. */
export function runUrl(env: RunnerEnvironment): string | undefined {
  return env.runId
    ? `${env.serverUrl}/${env.repository.owner}/${env.repository.repo}/actions/runs/${env.runId}`
    : undefined;
}

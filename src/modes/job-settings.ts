import path from 'node:path';
import { z } from 'zod';
import type { ResolvedConfig } from '../config/index.js';
import { MODES } from '../events/index.js';
import { UserError } from '../util/errors.js';

const Text = z.string().trim().min(1, 'expected a value, found an empty one');
const Url = z.url('expected a URL');
const HttpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

/** Resolved by resolveConfig, which validated every field; here only its shape is recognised. */
const Resolved = z.custom<ResolvedConfig>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { strategy?: unknown }).strategy === 'string' &&
    typeof (value as { strategyReason?: unknown }).strategyReason === 'string',
  'a configuration resolved by resolveConfig',
);

/**
 * Everything one job needs to know, typed: what to do, on which repository, with which settings
 * and credentials, where. The action builds it from its inputs and the runner's variables, the CLI
 * from its flags, the environment and the config file; the job itself never reads either source.
 */
export const JobSettings = z.object({
  mode: z.enum(MODES),
  /** A Linear identifier or a GitHub issue number, as the user wrote it. */
  issue: Text.optional(),
  /** `execute`: the one task to run (`api`, or `ENG-1/api`). */
  task: Text.optional(),
  /** Plan and price only; write nothing anywhere. */
  dryRun: z.boolean(),
  /** What fired the job: a runner event with its payload, or the command typed at a terminal. */
  trigger: z.object({ event: Text, payload: z.unknown() }),
  repository: z.object({ owner: Text, repo: Text }),
  config: Resolved,
  /** Where the config came from, for the log: its file, and the base branch it was read from on PR events. */
  configSource: z.object({ file: Text.optional(), ref: Text.optional() }),
  credentials: z.object({
    githubToken: Text,
    githubApiUrl: Url,
    serverUrl: Url,
    linearApiKey: Text.optional(),
    linearApiUrl: HttpUrl,
    codegenApiToken: Text.optional(),
    codegenApiUrl: HttpUrl,
    claude: z.object({ anthropicApiKey: Text.optional(), oauthToken: Text.optional() }),
    claudePath: Text.optional(),
  }),
  /** The checked-out repository the job works in. */
  workspace: Text,
  /** Scratch space outside the checkout (worktrees, sandboxes). */
  scratch: Text,
  /** Where the pinned `claude` is cached between jobs. */
  toolCache: Text.optional(),
  /** This job's run: its id in the ledger (one is made up when absent), its page, its workflow file. */
  run: z.object({ id: Text.optional(), url: Url.optional(), workflowRef: Text.optional() }),
  /** Where the ledger lives: the state branch through the GitHub API, or a local directory. */
  ledger: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('state-branch') }),
    z.object({
      kind: z.literal('directory'),
      path: Text.refine((p) => path.isAbsolute(p), 'an absolute path'),
    }),
  ]),
});
export type JobSettings = z.output<typeof JobSettings>;

/**
 * Validates settings a front end assembled. `nameOf` turns a field's path (`credentials.linearApiUrl`)
 * into what the user set (an input, a variable, a flag), so the error names the thing to fix.
 */
export function parseJobSettings(
  raw: z.input<typeof JobSettings>,
  nameOf: (field: string) => string = (field) => field,
): JobSettings {
  const parsed = JobSettings.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new UserError(
    'The job cannot start: some settings are invalid.',
    parsed.error.issues.map((issue) => `${nameOf(issue.path.join('.'))}: ${issue.message}`),
  );
}

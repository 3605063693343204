import { z } from 'zod';

/** Where the block lives in the config file; every error names its field under it. */
export const CONFIG_PATH = 'executors.command';

const PLACEHOLDER = /\{([^{}]*)\}/g;
const KNOWN_PLACEHOLDERS = new Set(['prompt', 'promptFile']);

/**
 * Variable names the job's own credentials and runner internals use: the agent never gets these,
 * whatever the block says (its own API key goes under a name of its own, e.g. OPENAI_API_KEY).
 */
const JOB_VARIABLE =
  /^(GITHUB_|GH_|INPUT_|ACTIONS_|RUNNER_|LINEAR_|CODEGEN_|GIT_|SSH_|CLAUDE_CODE_OAUTH|ANTHROPIC_API_KEY$)/;

const EnvName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected a variable name (letters, digits, _)' })
  .refine((name) => !JOB_VARIABLE.test(name), {
    error: (issue) =>
      `${String(issue.input)} is one of the job's own variables (GitHub, Actions, Linear, Codegen, git, the Claude key); an agent may not be given it`,
  });

const Argument = z
  .string({ error: 'expected a string (one argument of the command)' })
  .min(1, { error: 'expected a non-empty argument' })
  .superRefine((arg, ctx) => {
    for (const [, name] of arg.matchAll(PLACEHOLDER)) {
      if (!KNOWN_PLACEHOLDERS.has(name ?? '')) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown placeholder {${name}}: use {prompt} (the prompt as the argument) or {promptFile} (a file holding it); with neither, the prompt goes on stdin`,
        });
      }
    }
  });

/** The `executors.command` block: any command-line coding agent, run like Claude Code is. */
export const CommandExecutorConfig = z.strictObject({
  /** How reports, commits and PR bodies name the agent. */
  label: z.string().min(1).max(60).default('Command agent'),
  /**
   * The agent's argv, run in the task's directory inside the sandbox (the program is looked up on
   * the sandbox's PATH, the host's system directories). `{prompt}` in an argument is replaced by
   * the prompt, `{promptFile}` by the path of a file holding it; with neither, it goes on stdin.
   */
  command: z
    .array(Argument, { error: 'expected a list of arguments, e.g. [codex, exec, "{prompt}"]' })
    .min(1, { error: 'expected at least the program to run' })
    .refine((argv) => !/\{(prompt|promptFile)\}/.test(argv[0] ?? ''), {
      error: 'the program (the first item) cannot be a placeholder',
    }),
  /** Past it the agent's whole process group is killed and the task is timed out. */
  timeoutMinutes: z.number({ error: 'expected a number of minutes' }).positive().max(720).default(30),
  /** Names of variables passed through from the runner's environment (the agent's own API key). */
  env: z.array(EnvName, { error: 'expected a list of variable names' }).default([]),
  /** What one run costs, in USD: the expected cost before dispatch and the recorded estimate. */
  costPerRunUsd: z.number({ error: 'expected a price in USD per run, e.g. 0.25' }).nonnegative(),
  /** Added per minute of the run's wall time. */
  costPerMinuteUsd: z.number({ error: 'expected a price in USD per minute' }).nonnegative().default(0),
});
export type CommandExecutorConfig = z.infer<typeof CommandExecutorConfig>;

/** The block parsed, or every problem as `executors.command.<field>: <what is wrong>`. */
export function parseCommandConfig(
  block: unknown,
): { ok: true; config: CommandExecutorConfig } | { ok: false; reason: string } {
  const parsed = CommandExecutorConfig.safeParse(block);
  if (parsed.success) return { ok: true, config: parsed.data };
  const problems = parsed.error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    return keys
      .map((key) => {
        const path = [...issue.path, ...(key ? [key] : [])].reduce<string>(
          (at, part) => (typeof part === 'number' ? `${at}[${part}]` : `${at}.${String(part)}`),
          CONFIG_PATH,
        );
        const message =
          issue.code === 'unrecognized_keys'
            ? `unknown key (known keys: ${Object.keys(CommandExecutorConfig.shape).join(', ')})`
            : issue.message;
        return `${path}: ${message}`;
      })
      .join('; ');
  });
  return { ok: false, reason: `the ${CONFIG_PATH} block is not valid: ${problems.join('; ')}` };
}

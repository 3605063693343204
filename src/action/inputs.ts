import { z } from 'zod';
import { describeValue } from '../config/errors.js';
import { MERGE_POLICIES, STRATEGIES } from '../config/schema.js';
import { MODES } from '../events/mode.js';
import { UserError } from '../util/errors.js';

/** Every input of action.yml (the action interface). A drift test keeps this list, action.yml and README equal. */
export const INPUT_NAMES = [
  'mode',
  'issue',
  'task',
  'config-file',
  'github-token',
  'linear-api-key',
  'linear-api-url',
  'codegen-api-token',
  'codegen-org-id',
  'codegen-api-url',
  'anthropic-api-key',
  'claude-code-oauth-token',
  'claude-path',
  'strategy',
  'trigger-label',
  'allowed-bots',
  'max-subtasks',
  'max-parallel',
  'max-cost-per-task',
  'max-cost-per-day',
  'wait',
  'wait-timeout-minutes',
  'validate-command',
  'review',
  'dry-run',
  'state-branch',
  'merge',
] as const;
export type InputName = (typeof INPUT_NAMES)[number];

/** Inputs that carry credentials: masked the moment they are read. */
const SECRET_INPUTS: readonly InputName[] = [
  'github-token',
  'linear-api-key',
  'codegen-api-token',
  'anthropic-api-key',
  'claude-code-oauth-token',
];

const text = z.string().trim().min(1).optional();
const bool = z
  .enum(['true', 'false', 'True', 'False', 'TRUE', 'FALSE'])
  .transform((v) => v.toLowerCase() === 'true');
const wholeNumber = z
  .string()
  .regex(/^\d+$/, 'a positive whole number')
  .transform(Number)
  .pipe(z.number().int().positive());
const usd = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'an amount in USD such as 1.50')
  .transform(Number)
  .pipe(z.number().finite().nonnegative());
const url = z.url({ protocol: /^https?$/ });

const InputsSchema = z.object({
  mode: z.enum(MODES).default('auto'),
  issue: text,
  task: text,
  'config-file': text,
  'github-token': text,
  'linear-api-key': text,
  'linear-api-url': url.default('https://api.linear.app/graphql'),
  'codegen-api-token': text,
  'codegen-org-id': wholeNumber.optional(),
  'codegen-api-url': url.default('https://api.codegen.com'),
  'anthropic-api-key': text,
  'claude-code-oauth-token': text,
  'claude-path': text,
  strategy: z.enum(STRATEGIES).optional(),
  'trigger-label': text,
  'allowed-bots': z
    .string()
    .transform((v) =>
      v
        .split(/[,\n]/)
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .optional(),
  'max-subtasks': wholeNumber.optional(),
  'max-parallel': wholeNumber.optional(),
  'max-cost-per-task': usd.optional(),
  'max-cost-per-day': usd.optional(),
  wait: bool.optional(),
  'wait-timeout-minutes': wholeNumber.optional(),
  'validate-command': text,
  review: bool.optional(),
  'dry-run': bool.default(false),
  'state-branch': text,
  merge: z.enum(MERGE_POLICIES).optional(),
});
export type ActionInputs = z.output<typeof InputsSchema>;

/**
 * Reads every input through `get` (core.getInput on a runner), masking secrets first, then
 * validates them all at once. An empty input counts as not given, as on a runner.
 */
export function readInputs(get: (name: InputName) => string, mask: (secret: string) => void): ActionInputs {
  const raw: Partial<Record<InputName, string>> = {};
  for (const name of INPUT_NAMES) {
    const value = get(name).trim();
    if (value === '') continue;
    if (SECRET_INPUTS.includes(name)) mask(value);
    raw[name] = value;
  }
  const parsed = InputsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new UserError(
    'Some action inputs are invalid; fix them in the workflow step `with:` block.',
    parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const found = SECRET_INPUTS.includes(name as InputName)
        ? '(hidden)'
        : describeValue(raw[name as InputName]);
      return `input "${name}": ${expected(issue)}, found ${found}`;
    }),
  );
}

function expected(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.join(', ')}`;
  if (issue.code === 'invalid_format' && issue.format === 'url') return 'expected an http(s) URL';
  if (issue.code === 'invalid_format' && issue.format === 'regex') return `expected ${issue.message}`;
  if (issue.code === 'too_small') return 'expected a number above zero';
  return issue.message;
}

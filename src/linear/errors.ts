import { UserError } from '../util/errors.js';

/**
 * What went wrong with Linear, as far as the caller has to act on it:
 * - `rate_limited`: the key's budget is used up and did not refill before the deadline;
 * - `auth`: the key or token is wrong, expired, or lacks access;
 * - `not_found`: the issue (or another entity) does not exist or the key cannot see it;
 * - `invalid`: Linear refused what was sent (a bad input, or a query the schema rejects: our bug);
 * - `unavailable`: Linear did not answer usably (5xx, timeout, network, nonsense) after retries.
 */
export type LinearErrorKind = 'rate_limited' | 'auth' | 'not_found' | 'invalid' | 'unavailable';

/** An error from Linear whose message says what happened and what to do. */
export class LinearError extends UserError {
  constructor(
    readonly kind: LinearErrorKind,
    message: string,
    readonly options: {
      /** HTTP status when Linear answered. */
      status?: number;
      /** The request may have taken effect (a mutation that timed out or got a 5xx). */
      ambiguous?: boolean;
      /** When a rate-limited request may be tried again (clock ms). */
      retryAt?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message);
    if (options.cause !== undefined) this.cause = options.cause;
  }

  get status(): number | undefined {
    return this.options.status;
  }

  get ambiguous(): boolean {
    return this.options.ambiguous === true;
  }
}

export function isLinearError(error: unknown): error is LinearError {
  return error instanceof LinearError;
}

/** The messages users see; each names the input to fix. */
export const LINEAR_MESSAGES = {
  auth: (detail: string) =>
    `Linear rejected the credentials (${detail}). Check the \`linear-api-key\` secret: a personal API key ` +
    '(starts with `lin_api_`, from Linear → Settings → Security & access) or an OAuth access token, ' +
    'with access to the issue’s team.',
  notFound: (what: string) =>
    `Linear has no issue ${what}, or the \`linear-api-key\` cannot see it. Check the identifier ` +
    '(e.g. ENG-123) and that the key’s user is a member of the issue’s team.',
  rateLimited: (until: string) =>
    `Linear’s rate limit for this key is used up until ${until}, past this job’s deadline. ` +
    'Nothing was lost: re-run the job later, or use a key that is not shared with other integrations.',
  invalid: (what: string, detail: string) =>
    `Linear refused ${what}: ${detail}. If the input above looks right, this is a bug in codegen-action; ` +
    'please report it with this message.',
  unavailable: (what: string, detail: string) =>
    `Linear did not answer ${what} (${detail}). Linear may be down or unreachable from the runner ` +
    '(check `linear-api-url` if you set it); re-run the job later, nothing was lost.',
} as const;

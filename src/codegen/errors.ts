import type { FailureKind } from '../domain/index.js';

/**
 * Errors from Codegen, each with the FailureKind the orchestrator acts on. Messages are written for
 * the user: what happened and what to fix.
 */
export class CodegenError extends Error {
  override readonly name: string = 'CodegenError';
  constructor(
    message: string,
    readonly kind: FailureKind,
    /** HTTP status when the API answered; undefined for network failures. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** 402: the plan's run quota is used up. Not retried. */
export class CodegenQuotaError extends CodegenError {
  override readonly name = 'CodegenQuotaError';
  constructor(detail?: string) {
    super(
      `Codegen refused the run: the organization's agent-run quota is used up (HTTP 402${detail ? `: ${detail}` : ''}). ` +
        'Upgrade the Codegen plan or wait for the quota to reset; meanwhile work falls back to local execution.',
      'quota_exhausted',
      402,
    );
  }
}

/** 401/403: bad token or no access to the org. Not retried. */
export class CodegenAuthError extends CodegenError {
  override readonly name = 'CodegenAuthError';
  constructor(status: number, orgId: number | undefined, detail?: string) {
    super(
      `Codegen rejected the credentials (HTTP ${status}${detail ? `: ${detail}` : ''}). ` +
        `Check the \`codegen-api-token\` secret${orgId === undefined ? '' : ` and that it has access to org ${orgId} (\`codegen-org-id\`)`}; ` +
        '`cyrus codegen setup` verifies both.',
      'auth',
      status,
    );
  }
}

/** 404 on create: the org has no repositories connected. Not retried. */
export class CodegenNoRepositoriesError extends CodegenError {
  override readonly name = 'CodegenNoRepositoriesError';
  constructor(orgId: number, detail?: string) {
    super(
      `Codegen org ${orgId} has no repositories (HTTP 404 on create${detail ? `: ${detail}` : ''}). ` +
        'Connect this repository to Codegen (codegen.com → Repositories) and try again.',
      'no_repositories',
      404,
    );
  }
}

/** Retries exhausted, circuit open, or the API answering nonsense: the cloud cannot be used now. */
export class CodegenUnavailableError extends CodegenError {
  override readonly name = 'CodegenUnavailableError';
  constructor(
    message: string,
    readonly circuitOpen: boolean,
    status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, 'cloud_unavailable', status, options);
  }
}

/** A 2xx whose body breaks the spec (a required field missing): the contract drifted. */
export class CodegenResponseError extends CodegenError {
  override readonly name = 'CodegenResponseError';
  constructor(what: string, issues: string) {
    super(
      `Codegen's answer to ${what} does not match its published API (${issues}). ` +
        'The API may have changed; update codegen-action, and report it if the latest version fails too.',
      'cloud_unavailable',
    );
  }
}

/** A request Codegen refused as invalid (400/404/422 outside the cases above): a bug on our side. */
export class CodegenRequestError extends CodegenError {
  override readonly name = 'CodegenRequestError';
  constructor(what: string, status: number, detail?: string) {
    super(`Codegen refused ${what} (HTTP ${status}${detail ? `: ${detail}` : ''}).`, 'internal', status);
  }
}

export function isCodegenError(error: unknown): error is CodegenError {
  return error instanceof CodegenError;
}

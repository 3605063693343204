/** Reading Octokit's errors without depending on its classes: status and GitHub's message. */

export function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  return typeof error.status === 'number' ? error.status : undefined;
}

/** GitHub's `message` from the error body, else the error's own message. */
export function githubMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'response' in error) {
    const response = error.response;
    if (typeof response === 'object' && response !== null && 'data' in response) {
      const data = response.data;
      if (
        typeof data === 'object' &&
        data !== null &&
        'message' in data &&
        typeof data.message === 'string'
      ) {
        return data.message;
      }
    }
  }
  return error instanceof Error ? error.message : String(error);
}

export const isNotFound = (error: unknown) => httpStatus(error) === 404;

/**
 * A 403 that is a refusal, not a rate limit: the token lacks a permission (check runs with a
 * personal token, "Resource not accessible by ..."). Rate-limit 403s say "rate limit".
 */
export function isPermissionDenied(error: unknown): boolean {
  return httpStatus(error) === 403 && !/rate limit/i.test(githubMessage(error));
}

/**
 * An error whose message is written for the user: what is wrong and what to do.
 * main.ts passes such messages to core.setFailed as they are; other errors get a generic frame.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    /** Extra lines (one per problem) printed under the message. */
    readonly details: readonly string[] = [],
  ) {
    super(details.length > 0 ? `${message}\n${details.map((d) => `  - ${d}`).join('\n')}` : message);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import type { FailureKind } from '../domain/index.js';
import type { TaskAction } from '../ledger/index.js';

// The link runs to the next space; the sentence's full stop after it is not part of it.
const COMPARE = /\s*:?\s*open the pull request by hand at (https?:\/\/\S+\/compare\/\S*[^\s.])/;

/**
 * What a person must do after a failure no retry can fix, read from the executor's message: for a
 * refused PR, the fix (a token or a setting) and the compare link that opens the kept branch by hand.
 */
export function actionForFailure(kind: FailureKind, message: string): TaskAction | undefined {
  if (kind !== 'pull_request_refused') return undefined;
  const found = COMPARE.exec(message);
  if (!found?.[1]) return { text: message };
  return {
    text: message.replace(COMPARE, ''),
    link: { label: 'open the pull request by hand', url: found[1] },
  };
}

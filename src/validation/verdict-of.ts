import type { PullRequestInfo } from '../github/index.js';
import type { CiOutcome } from './ci-wait.js';
import type { ReviewOutcome } from './review.js';
import type { ValidationEvidence, ValidationVerdict } from './verdict.js';

/** What ran in the checkout: the validate-command and the review. */
export interface LocalOutcome {
  reasons: string[];
  failed: boolean;
  commandOutput?: string;
  review?: ReviewOutcome;
}

/**
 * The verdict from CI and what ran locally: failed when CI failed, the command failed, or a
 * blocking review found blockers; reasons name each part, with `masks` taken out.
 */
export function decide(
  ci: CiOutcome,
  local: LocalOutcome,
  pr: PullRequestInfo,
  reviewMayBlock: boolean,
  masks: readonly string[],
): ValidationVerdict {
  const sha = pr.headSha.slice(0, 7);
  const reasons: string[] = [];
  if (ci.state === 'failed') {
    for (const c of ci.failing)
      reasons.push(`CI: ${c.name} ended ${c.conclusion}${c.summary ? `: ${c.summary}` : ''}`);
  } else if (ci.state === 'timed_out') {
    reasons.push(
      ci.pending.length > 0
        ? `CI still running on ${sha} at the deadline: ${ci.pending.join(', ')}`
        : `CI on ${sha} could not be read before the deadline`,
    );
  } else if (ci.passed.length > 0) {
    reasons.push(`CI: ${ci.passed.length} check${ci.passed.length === 1 ? '' : 's'} passed on ${sha}`);
  }
  reasons.push(...ci.notes, ...local.reasons);

  const evidence: ValidationEvidence = { failingChecks: ci.failing };
  if (local.commandOutput !== undefined) evidence.commandOutput = local.commandOutput;
  if (ci.state === 'timed_out') evidence.pendingChecks = ci.pending;
  let reviewBlocks = false;
  if (local.review?.ran) {
    const { answer } = local.review;
    evidence.review = local.review.body;
    const blockers = answer.findings.filter((f) => f.severity === 'blocker').length;
    // Advice unless configured to block (a security rule: CI and the command decide).
    reviewBlocks = reviewMayBlock && answer.verdict === 'request_changes' && blockers > 0;
    reasons.push(
      `review (${reviewMayBlock ? 'blocking' : 'advice'}): ${answer.verdict.replace('_', ' ')}` +
        (answer.findings.length > 0 ? `, ${answer.findings.length} finding(s), ${blockers} blocker(s)` : ''),
    );
  } else if (local.review) {
    reasons.push(`review not posted: ${local.review.reason}`);
  }

  const failed = ci.state === 'failed' || local.failed || reviewBlocks;
  const verdict = failed
    ? 'failed'
    : ci.state === 'timed_out'
      ? 'timed_out'
      : ci.state === 'unverified'
        ? 'unverified'
        : 'passed';
  return {
    verdict,
    reasons: reasons.map((r) => redact(r, masks)),
    evidence,
    headSha: pr.headSha,
    ...(verdict === 'unverified' && ci.action ? { action: ci.action } : {}),
  };
}

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 6) out = out.split(secret).join('***');
  return out;
}

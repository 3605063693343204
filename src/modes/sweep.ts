import type { ModeContext, ModeOutcome } from './context.js';
import { combined, reconcileMode } from './reconcile.js';
import { runMode } from './run.js';

/**
 * `sweep` (schedule): first reconcile the issues in flight, then start up to `sweep.maxIssues`
 * labelled issues nobody has claimed, oldest first. The daily budget still applies per task.
 */
export async function sweepMode(context: ModeContext): Promise<ModeOutcome> {
  const { runtime, config, logger } = context;
  const reconciled = await reconcileMode({ ...context, decision: { ...context.decision, issue: undefined } });
  const claimed = new Set(
    (await runtime.ledger.listIssues()).flatMap((r) =>
      r.issue.githubIssueNumber ? [r.issue.githubIssueNumber] : [],
    ),
  );
  const candidates = await runtime.github.listOpenIssuesWithLabel(config.trigger.label, {
    // One page: the issues API serves at most 100, and the oldest come first.
    limit: Math.min(100, config.sweep.maxIssues + claimed.size),
  });
  const picked = candidates
    .filter((i) => !i.isPullRequest && !claimed.has(i.number))
    .slice(0, config.sweep.maxIssues);
  logger.info(
    `Sweep: ${candidates.length} open issue(s) labelled "${config.trigger.label}", ${picked.length} not yet claimed: ${picked.map((i) => `#${i.number}`).join(', ') || 'none'}`,
  );
  const outcomes: ModeOutcome[] = [];
  for (const issue of picked) {
    outcomes.push(
      await runMode({
        ...context,
        decision: {
          ...context.decision,
          mode: 'run',
          issue: {
            kind: 'github',
            number: issue.number,
            title: issue.title,
            body: issue.body,
            url: issue.url,
          },
        },
      }),
    );
  }
  const all = [reconciled, ...outcomes];
  const last = outcomes.at(-1) ?? reconciled;
  return {
    status:
      outcomes.length === 0 && reconciled.status === 'skipped'
        ? 'skipped'
        : combined(all.map((o) => o.status).filter((s) => s !== 'skipped')),
    decisions: [
      ...reconciled.decisions,
      `sweep started ${outcomes.length} issue(s)`,
      ...outcomes.flatMap((o) => o.decisions),
    ],
    issue: last.issue,
    linearIssue: last.linearIssue,
    pullRequests: all.flatMap((o) => o.pullRequests ?? []),
    totalCostUsd: all.reduce((sum, o) => sum + (o.totalCostUsd ?? 0), 0),
    work: last.work,
  };
}

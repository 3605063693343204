import type { RequestedIssue } from '../util/issue-identity.js';
import { checkLabelActor, type GateDecision } from '../validation/index.js';
import type { ModeContext, ModeOutcome } from './context.js';
import { combined, reconcileMode } from './reconcile.js';
import { runMode } from './run.js';
import { sweepLinear } from './sweep-linear.js';

/**
 * `sweep` (schedule): first reconcile the issues in flight, then start up to `sweep.maxIssues`
 * issues nobody has claimed: labelled on GitHub (oldest first), then labelled or delegated in the
 * Linear teams mapped to the repository. The daily budget still applies per task.
 */
export async function sweepMode(context: ModeContext): Promise<ModeOutcome> {
  const { runtime, config, logger } = context;
  const reconciled = await reconcileMode({ ...context, decision: { ...context.decision, issue: undefined } });
  const records = await runtime.ledger.listIssues();
  const claimed = new Set(
    records.flatMap((r) => (r.issue.githubIssueNumber ? [r.issue.githubIssueNumber] : [])),
  );
  const candidates = await runtime.github.listOpenIssuesWithLabel(config.trigger.label, {
    // One full page (one request, whatever its size), oldest first: claimed issues and labels the
    // gate refuses stay in the list, so a page sized to maxIssues would crowd out the ones to start.
    limit: 100,
  });
  const unclaimed = candidates.filter((i) => !i.isPullRequest && !claimed.has(i.number));
  const picked: typeof unclaimed = [];
  const refused: string[] = [];
  for (const issue of unclaimed) {
    if (picked.length >= config.sweep.maxIssues) break;
    // Security rule: the same actor gate as the label event, on whoever applied the label.
    const verdict = await gateSweptLabel(context, issue.number);
    if (verdict.verdict === 'approved') picked.push(issue);
    else {
      refused.push(`#${issue.number}: label refused: ${verdict.reason}`);
      logger.info(`Sweep: skipping #${issue.number}: label refused: ${verdict.reason}`);
    }
  }
  logger.info(
    `Sweep: ${candidates.length} open issue(s) labelled "${config.trigger.label}", ${picked.length} not yet claimed: ${picked.map((i) => `#${i.number}`).join(', ') || 'none'}`,
  );
  const targets: RequestedIssue[] = picked.map((issue) => ({
    kind: 'github',
    number: issue.number,
    title: issue.title,
    body: issue.body,
    url: issue.url,
  }));
  const inLinear = await sweepLinear(context, {
    claimedIdentifiers: new Set(records.map((r) => r.issue.identifier)),
    githubNumbers: new Set([...claimed, ...candidates.map((i) => i.number)]),
    room: config.sweep.maxIssues - picked.length,
  });
  if (config.linear.teams.length > 0) {
    logger.info(
      `Sweep: ${inLinear.seen} issue(s) labelled or delegated in Linear team(s) ${config.linear.teams.join(', ')}, ${inLinear.picked.length} to start: ${inLinear.picked.map((p) => p.name).join(', ') || 'none'}`,
    );
  }
  refused.push(...inLinear.refused);
  targets.push(...inLinear.picked.map((p) => p.target));
  const outcomes: ModeOutcome[] = [];
  for (const issue of targets) {
    outcomes.push(await runMode({ ...context, decision: { ...context.decision, mode: 'run', issue } }));
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
      ...refused.map((r) => `sweep skipped ${r}`),
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

/** Who applied the trigger label to `issue`, through the label event's gate; no record is a refusal. */
async function gateSweptLabel(context: ModeContext, issue: number): Promise<GateDecision> {
  const { runtime, config } = context;
  const actor = await runtime.github.labelActor(issue, config.trigger.label);
  if (!actor) {
    return {
      verdict: 'rejected',
      reason: `the issue's events do not say who applied "${config.trigger.label}"`,
    };
  }
  return checkLabelActor({
    trigger: { label: config.trigger.label, actor: actor.login, actorType: actor.type },
    allowedBots: config.trigger.allowedBots,
    permissionOf: (login) => runtime.github.getCollaboratorPermission(login),
  });
}

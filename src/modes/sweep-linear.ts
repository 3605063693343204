import type { RepositoryRef } from '../domain/index.js';
import type { LinearGateway, TriggeredIssue, TriggeredIssuesPage } from '../linear/index.js';
import type { RequestedIssue } from '../util/issue-identity.js';
import { loggedFallback } from '../util/logged-fallback.js';
import { checkLinearTriggerActor } from '../validation/index.js';
import type { ModeContext } from './context.js';

/** Pages of Linear issues read per sweep at most (each one query of TRIGGERED_PAGE_SIZE issues). */
const MAX_LINEAR_PAGES = 5;

/** What the sweep knows before it asks Linear: the work claimed, and the GitHub issues it saw. */
export interface SweptSoFar {
  /** Ledger identities (`ENG-123`, `#42`) already claimed. */
  claimedIdentifiers: ReadonlySet<string>;
  /** GitHub issue numbers already claimed or already seen labelled on GitHub (gated there). */
  githubNumbers: ReadonlySet<number>;
  /** How many more issues the sweep may start. */
  room: number;
}

export interface LinearSweep {
  picked: { target: RequestedIssue; name: string }[];
  refused: string[];
  /** Labelled or delegated issues seen in Linear. */
  seen: number;
}

/**
 * Work found in Linear itself: issues in the mapped teams carrying the trigger label or delegated
 * to the app, in the order Linear lists them by creation. An issue whose GitHub twin (the sync's attachment) the sweep already
 * knows is the same work and is left to it; one with an unseen twin runs as that GitHub issue (so
 * both are reported on); one without a twin runs under its Linear identifier.
 */
export async function sweepLinear(context: ModeContext, known: SweptSoFar): Promise<LinearSweep> {
  const { config, logger, runtime } = context;
  const result: LinearSweep = { picked: [], refused: [], seen: 0 };
  const { teams, triggers } = config.linear;
  if (teams.length === 0 || (!triggers.label && !triggers.delegated) || known.room <= 0) return result;
  const linear = await runtime.linear();
  if (!linear) {
    logger.warning(
      `Sweep: linear.teams is set (${teams.join(', ')}) but no \`linear-api-key\` was given, so Linear was not searched; add the key.`,
    );
    return result;
  }
  const github = runtime.github.repository;
  let after: string | null = null;
  for (let page = 0; page < MAX_LINEAR_PAGES && result.picked.length < known.room; page += 1) {
    // Linear out of reach must not stop the GitHub issues this sweep already picked.
    const found: TriggeredIssuesPage | null = await readPage(linear, context, after).catch(
      loggedFallback(logger, 'Sweep: reading Linear', null, 'starting the GitHub issues only this time'),
    );
    if (!found) break;
    result.seen += found.issues.length;
    for (const issue of found.issues) {
      if (result.picked.length >= known.room) break;
      const twin = githubTwin(issue, github);
      if (known.claimedIdentifiers.has(issue.identifier) || (twin && known.githubNumbers.has(twin))) {
        logger.info(
          `Sweep: ${issue.identifier} is already known${twin ? ` (as GitHub issue #${twin})` : ''}; not started twice`,
        );
        continue;
      }
      const verdicts = issue.triggers.map((trigger) =>
        checkLinearTriggerActor({
          trigger,
          label: config.trigger.label,
          allowedBots: config.trigger.allowedBots,
          allowedUsers: triggers.allowedUsers,
        }),
      );
      const approved = verdicts.find((v) => v.verdict === 'approved');
      if (!approved) {
        const reason = verdicts.map((v) => v.reason).join('; ') || 'no trigger this sweep counts';
        result.refused.push(`${issue.identifier}: Linear trigger refused: ${reason}`);
        logger.info(`Sweep: skipping ${issue.identifier}: Linear trigger refused: ${reason}`);
        continue;
      }
      logger.info(`Sweep: ${issue.identifier} counts: ${approved.reason}`);
      result.picked.push(
        twin
          ? { target: { kind: 'github', number: twin }, name: `${issue.identifier} (#${twin})` }
          : { target: { kind: 'linear', identifier: issue.identifier }, name: issue.identifier },
      );
    }
    after = found.next;
    if (!after) break;
  }
  return result;
}

function readPage(
  linear: LinearGateway,
  context: ModeContext,
  after: string | null,
): Promise<TriggeredIssuesPage> {
  const { teams, triggers } = context.config.linear;
  return linear.findTriggeredIssues({
    teams,
    ...(triggers.label ? { label: context.config.trigger.label } : {}),
    delegated: triggers.delegated,
    after,
  });
}

/** The GitHub issue of this repository attached to `issue` (Linear's sync link), if any. */
function githubTwin(issue: TriggeredIssue, repository: RepositoryRef): number | undefined {
  const suffix = `/${repository.owner}/${repository.repo}/issues/`.toLowerCase();
  for (const url of issue.attachmentUrls) {
    const path = url.toLowerCase().split(/[?#]/)[0] ?? '';
    const at = path.lastIndexOf(suffix);
    const number = at >= 0 ? /^(\d+)$/.exec(path.slice(at + suffix.length))?.[1] : undefined;
    if (number) return Number(number);
  }
  return undefined;
}

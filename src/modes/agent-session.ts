import type { IssueRecord } from '../ledger/index.js';
import type { LinearGateway } from '../linear/index.js';
// Straight from the reporter's module: the Linear index would pull @linear/sdk into the start-up
// chunk, which loads it on demand.
import { AgentSessionReporter } from '../linear/session/reporter.js';
import { errorMessage } from '../util/errors.js';
import type { ModeContext } from './context.js';
import type { WorkIssue } from './work-issue.js';

/**
 * The agent session reporter when the Linear credential is an app's; undefined for a personal
 * key or a user's token (they get the tracking comment only). The session an earlier job opened
 * on this issue (the ledger has its id) is continued, so one issue has one session.
 */
export async function agentSessionFor(
  context: ModeContext,
  work: WorkIssue,
  linear: LinearGateway | undefined,
  /** The record as this job found it (reconcile), which saves reading it again. */
  found?: IssueRecord,
): Promise<AgentSessionReporter | undefined> {
  const { runtime, logger, clock } = context;
  if (!linear || !work.linear) return undefined;
  const gateway = await linear.agentSessions().catch((error: unknown) => {
    logger.warning(
      `Linear: could not tell whether the key is an app's; no agent session: ${errorMessage(error)}`,
    );
    return undefined;
  });
  if (!gateway) return undefined;
  const identifier = work.ref.identifier;
  const record = found ?? (await runtime.ledger.readIssue(identifier));
  return new AgentSessionReporter({
    gateway,
    issueId: work.linear.id,
    sessionId: record?.tracking.linearAgentSessionId,
    remember: async (id) => {
      await runtime.ledger.updateIssue(identifier, (r) => ({
        ...r,
        tracking: { ...r.tracking, linearAgentSessionId: id },
      }));
    },
    runUrl: context.runUrl,
    clock,
    logger,
  });
}

import type { ResolvedConfig } from '../config/index.js';
import type { GitHubGateway } from '../github/index.js';
import type { IssueRecord, Ledger } from '../ledger/index.js';
import type { LinearGateway } from '../linear/index.js';
import { completedTarget, stateTargets } from '../linear/states.js';
import { renderGitHubIssueComment, renderTrackingComment } from '../report/index.js';
import type { Clock } from '../util/clock.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import type { WorkIssue } from './work-issue.js';

/** The moments worth telling people about: the rest would be a stream of edits nobody reads. */
type Moment = 'dispatch' | 'review' | 'final';
const ORDER: Moment[] = ['dispatch', 'review', 'final'];

/**
 * Keeps the one tracking comment (Linear, or the GitHub issue without a twin) and the issue's
 * state up to date at three moments: work dispatched (state → started), every task's PR up or
 * the task over (PR links, state → in review), and the end. Each moment is one Linear request.
 */
export class ProgressReporter {
  private reached = -1;
  private chain: Promise<void> = Promise.resolve();
  private lastSent: string | undefined;

  constructor(
    private readonly deps: {
      work: WorkIssue;
      github: GitHubGateway;
      linear: LinearGateway | undefined;
      ledger: Ledger;
      config: ResolvedConfig;
      clock: Clock;
      logger: Logger;
      runUrl?: string;
      /** The last word waits for `finish` (PRs are still to land after the tasks end). */
      holdFinal?: boolean;
      /**
       * The record's `updatedAt` when this job found it. A record this job never changed was
       * reported by the job that changed it last, so its comment is current and is not edited
       * again (an idle issue in a sweep costs no request here).
       */
      reportedAsOf?: string;
    },
  ) {}

  /** Called after each change of the record; reports only when a new moment is reached. */
  observe(record: IssueRecord): Promise<void> {
    const moment = momentOf(record);
    if (!moment || ORDER.indexOf(moment) <= this.reached) return this.chain;
    if (moment === 'final' && this.deps.holdFinal) return this.chain;
    return this.report(record, moment);
  }

  /** The last word of a run, whatever moment it reached. */
  finish(record: IssueRecord): Promise<void> {
    return this.report(record, 'final');
  }

  private report(record: IssueRecord, moment: Moment): Promise<void> {
    this.reached = Math.max(this.reached, ORDER.indexOf(moment));
    this.chain = this.chain
      .then(() => this.send(record, moment))
      .catch((error: unknown) => {
        // Reporting never fails the work: the ledger and job summary still hold everything.
        this.deps.logger.warning(`Could not update the tracking comment: ${errorMessage(error)}`);
      });
    return this.chain;
  }

  private async send(record: IssueRecord, moment: Moment): Promise<void> {
    const { work, linear, github, ledger, config, clock, runUrl } = this.deps;
    const current = (await ledger.readIssue(record.issue.identifier)) ?? record;
    // The same tasks at the same moment again (a reconcile with nothing new) is not worth an edit.
    const fingerprint = JSON.stringify([moment, current.status, current.tasks, current.landing]);
    if (fingerprint === this.lastSent) return;
    this.lastSent = fingerprint;
    const now = new Date(clock.now()).toISOString();
    const hasComment = Boolean(current.tracking.linearCommentId ?? current.tracking.githubCommentId);
    if (hasComment && this.deps.reportedAsOf !== undefined && current.updatedAt === this.deps.reportedAsOf)
      return;
    const input = { work: { record: current, now }, now, runUrl };
    if (linear && work.linear) {
      const targets = stateTargets(config.linear.states);
      const prs = Object.values(current.tasks).flatMap((t) =>
        t.pullRequest ? [{ url: t.pullRequest.url, title: `${t.id}: ${t.title}` }] : [],
      );
      const applied = await linear.applyChanges({
        issueId: work.linear.id,
        comment: { id: current.tracking.linearCommentId, body: renderTrackingComment(input) },
        // The end may come without a separate "review" moment (all tasks finishing together); the
        // state still moves to in-review when any PR is up (it never moves backwards).
        state:
          moment === 'dispatch'
            ? targets.started
            : current.landing?.outcome === 'completed'
              ? completedTarget(config.linear.states)
              : prs.length > 0
                ? targets.inReview
                : undefined,
        attachments: moment === 'dispatch' ? undefined : prs,
        subIssues:
          moment === 'dispatch' && config.linear.subIssues && current.plan
            ? current.plan.tasks.map((t) => ({ key: t.id, title: t.title, description: t.prompt }))
            : undefined,
      });
      for (const skipped of applied.skipped)
        this.deps.logger.info(`Linear: skipped ${skipped.what}: ${skipped.reason}`);
      if (applied.commentId && applied.commentId !== current.tracking.linearCommentId) {
        await ledger.updateIssue(current.issue.identifier, (r) => ({
          ...r,
          tracking: { ...r.tracking, linearCommentId: applied.commentId ?? undefined },
        }));
      }
      return;
    }
    const number = current.issue.githubIssueNumber;
    if (number === undefined) return;
    const body = renderGitHubIssueComment(input);
    if (current.tracking.githubCommentId) {
      await github.updateIssueComment(current.tracking.githubCommentId, body);
      return;
    }
    const created = await github.createIssueComment(number, body);
    await ledger.updateIssue(current.issue.identifier, (r) => ({
      ...r,
      tracking: { ...r.tracking, githubCommentId: created.id },
    }));
  }
}

function momentOf(record: IssueRecord): Moment | undefined {
  const tasks = Object.values(record.tasks);
  if (tasks.length === 0) return undefined;
  const over = (state: string) => ['succeeded', 'failed', 'held'].includes(state);
  if (tasks.every((t) => over(t.state))) return 'final';
  const prsUp =
    tasks.every((t) => t.pullRequest !== undefined || over(t.state)) && tasks.some((t) => t.pullRequest);
  if (prsUp) return 'review';
  return tasks.some((t) => t.state !== 'pending') ? 'dispatch' : undefined;
}

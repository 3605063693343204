import type { IssueRecord } from '../../ledger/index.js';
import type { Clock } from '../../util/clock.js';
import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import {
  activitiesBetween,
  externalUrlsOf,
  finalResponse,
  type SessionActivity,
  sessionPlanOf,
} from './activities.js';
import type { AgentSessionGateway, SessionState } from './gateway.js';

export interface AgentSessionReporterOptions {
  gateway: AgentSessionGateway;
  /** The Linear issue the session is on. */
  issueId: string;
  /** The session an earlier job opened (from the ledger): continued instead of a new one. */
  sessionId?: string;
  /** Stores a newly opened session's id in the ledger, so later jobs continue it. */
  remember: (sessionId: string) => Promise<void>;
  runUrl?: string;
  clock: Clock;
  logger: Logger;
  /** Record changes within this window go out as one request (default 1 s). */
  coalesceMs?: number;
  /** Linear marks a session stale after 30 minutes without activity; a thought goes out before (default 20 min). */
  keepAliveMs?: number;
  /** A session state younger than this answers a stop check without a request (default 10 s). */
  stopCheckMs?: number;
}

const FINAL = new Set(['succeeded', 'failed', 'partial']);

/**
 * Streams a job's decisions into a Linear agent session: fed the same record changes as the
 * tracking comment, it turns each change into activities (activities.ts), coalesces them, and
 * sends each batch with the plan and new links as one request. Reporting never fails the work.
 */
export class AgentSessionReporter {
  private last: IssueRecord | undefined;
  private latest: IssueRecord | undefined;
  private pending: SessionActivity[] = [];
  private sentPlan = '';
  private readonly sentUrls = new Set<string>();
  private sessionId: string | undefined;
  private state: { value: SessionState; at: number } | undefined;
  private lastPostAt: number;
  private chain: Promise<void> = Promise.resolve();
  private flushQueued = false;
  private readonly alive = new AbortController();
  private keepAliveStarted = false;

  constructor(private readonly options: AgentSessionReporterOptions) {
    this.sessionId = options.sessionId;
    this.lastPostAt = options.clock.now();
  }

  /** Takes a record change; the activities go out within the coalescing window (never blocks the caller). */
  observe(record: IssueRecord): Promise<void> {
    this.take(record);
    this.startKeepAlive();
    if (!this.flushQueued) {
      this.flushQueued = true;
      this.enqueue(async () => {
        // The job's end cuts the window short: its last word goes out at once.
        await this.options.clock
          .sleep(this.options.coalesceMs ?? 1_000, this.alive.signal)
          .catch(() => undefined);
        this.flushQueued = false;
        await this.flush();
      });
    }
    return Promise.resolve();
  }

  /** The job's last word: a `response` when the work is over (or stopped), else a note that it goes on. */
  async finish(record: IssueRecord): Promise<void> {
    this.alive.abort();
    this.take(record);
    const stoppedBy = this.state?.value.stoppedBy;
    this.pending.push(
      FINAL.has(record.status) || stoppedBy
        ? finalResponse(record, stoppedBy)
        : {
            type: 'thought',
            body: 'The work goes on without this job; a later job reports here when it ends.',
          },
    );
    this.enqueue(() => this.flush());
    await this.chain;
  }

  /** The job failed: the session says why (an `error`), and the keep-alive ends with the job. */
  async fail(message: string): Promise<void> {
    this.alive.abort();
    this.pending.push({ type: 'error', body: `This job stopped on an error: ${message}` });
    this.enqueue(() => this.flush());
    await this.chain;
  }

  /** Why the job must stop dispatching (someone stopped the session in Linear), or undefined. */
  async stopReason(): Promise<string | undefined> {
    const { gateway, clock, stopCheckMs = 10_000 } = this.options;
    if (!this.sessionId) return undefined;
    if (!this.state || clock.now() - this.state.at >= stopCheckMs) {
      try {
        this.state = { value: await gateway.read(this.sessionId), at: clock.now() };
      } catch (error) {
        this.options.logger.warning(`Linear: could not read the agent session: ${errorMessage(error)}`);
        return undefined;
      }
    }
    const by = this.state.value.stoppedBy;
    return by ? `stopped from Linear by ${by}` : undefined;
  }

  private take(record: IssueRecord): void {
    this.pending.push(...activitiesBetween(this.last, record));
    this.last = record;
    this.latest = record;
  }

  private enqueue(work: () => Promise<void>): void {
    this.chain = this.chain.then(work).catch((error: unknown) => {
      this.options.logger.warning(`Linear: could not update the agent session: ${errorMessage(error)}`);
    });
  }

  private async flush(): Promise<void> {
    const record = this.latest;
    if (!record) return;
    const { gateway, clock } = this.options;
    const urls = externalUrlsOf(record, this.options.runUrl).filter((u) => !this.sentUrls.has(u.url));
    const plan = sessionPlanOf(record);
    const planChanged = plan !== undefined && JSON.stringify(plan) !== this.sentPlan;
    if (this.pending.length === 0 && urls.length === 0 && !planChanged) return;
    const activities = this.pending;
    this.pending = [];
    if (!this.sessionId) {
      const opened = await gateway.create(this.options.issueId, urls);
      this.sessionId = opened.id;
      for (const u of urls) this.sentUrls.add(u.url);
      urls.length = 0;
      await this.options.remember(opened.id);
      this.options.logger.info(`Linear: agent session opened${opened.url ? `: ${opened.url}` : ''}`);
    }
    const state = await gateway.post(this.sessionId, {
      activities,
      plan: planChanged ? plan : undefined,
      addedExternalUrls: urls,
    });
    if (planChanged) this.sentPlan = JSON.stringify(plan);
    for (const u of urls) this.sentUrls.add(u.url);
    this.state = { value: state, at: clock.now() };
    this.lastPostAt = clock.now();
  }

  /** Posts a thought when nothing was said for a while, so Linear does not mark the session stale. */
  private startKeepAlive(): void {
    if (this.keepAliveStarted) return;
    this.keepAliveStarted = true;
    const { clock, keepAliveMs = 20 * 60_000 } = this.options;
    void (async () => {
      while (!this.alive.signal.aborted) {
        const due = this.lastPostAt + keepAliveMs - clock.now();
        if (due > 0) {
          await clock.sleep(due, this.alive.signal).catch(() => undefined);
          continue;
        }
        const running = Object.values(this.latest?.tasks ?? {}).filter(
          (t) => t.state === 'running' || t.state === 'pr_open',
        );
        this.pending.push({
          type: 'thought',
          body: `Still working: waiting on ${running.map((t) => t.id).join(', ') || 'the running work'}.`,
        });
        // Counted as said now, so a failed post does not turn into a tight loop.
        this.lastPostAt = clock.now();
        this.enqueue(() => this.flush());
      }
    })();
  }
}

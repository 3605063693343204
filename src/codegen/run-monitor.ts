import type { Clock } from '../util/clock.js';
import { errorMessage } from '../util/errors.js';
import type { CodegenClient } from './client.js';
import { CodegenRequestError } from './errors.js';
import { SlidingWindowLimiter } from './rate-limiter.js';
import {
  DEFAULT_READ_BUDGET,
  DEFAULT_SCHEDULE,
  type MonitorStats,
  type PollSchedule,
  type RunMonitorOptions,
  type RunSnapshot,
  type RunWatcher,
} from './run-monitor-types.js';
import type { AgentRun } from './schemas.js';
import { normaliseStatus } from './status.js';

export type {
  MonitorStats,
  PollSchedule,
  RunMonitorOptions,
  RunSnapshot,
  RunWatcher,
} from './run-monitor-types.js';

/**
 * One poller per job for every Codegen run in flight. A poll lists the newest runs (one request
 * covers up to 100 of them) and reads a run on its own only when the list did not show it. Reads
 * are held to a budget, so the request rate does not grow with the number of runs.
 */
export class CodegenRunMonitor {
  private readonly watchers = new Map<number, Set<RunWatcher>>();
  private readonly snapshots = new Map<number, RunSnapshot>();
  /** Runs the last list did not show: read them on their own, or skip the list when it is all of them. */
  private readonly offList = new Set<number>();
  private readonly schedule: PollSchedule;
  private readonly budget: SlidingWindowLimiter;
  private readonly closer = new AbortController();
  private readonly clock: Clock;
  private wake: AbortController | undefined;
  private running = false;
  /** When the last poll's first read was answered: the next poll is timed from it. */
  private lastPollAt: number | undefined;
  /** Set at the start of a poll until its first read takes a slot of the budget. */
  private pollUnsent = false;
  private lastAddedAt = 0;
  private pollsSinceAdded = 0;
  readonly stats: MonitorStats = { polls: 0, listRequests: 0, getRequests: 0, failedPolls: 0 };

  constructor(
    private readonly client: CodegenClient,
    private readonly options: RunMonitorOptions = {},
  ) {
    this.clock = client.clock;
    this.schedule = { ...DEFAULT_SCHEDULE, ...options.schedule };
    // The budget is ours (Codegen's own limits are the client's business). A slot counts until one
    // window after its answer, so Codegen never sees more than the budget in any window, whatever
    // the latency; polls are timed from the previous poll's answer, so they never wait on it.
    this.budget = new SlidingWindowLimiter(
      'poll budget',
      options.readBudget ?? DEFAULT_READ_BUDGET,
      this.clock,
      'answer',
    );
  }

  /**
   * Follows a run until the returned function is called. `seed` is a reading the caller already
   * has (the create or resume answer) with the time its request was sent.
   */
  watch(runId: number, watcher: RunWatcher, seed?: { run: AgentRun; observedAt: number }): () => void {
    if (this.closer.signal.aborted) throw new Error('the Codegen run monitor is closed');
    if (seed) this.record(seed.run, seed.observedAt);
    let set = this.watchers.get(runId);
    if (!set) {
      set = new Set();
      this.watchers.set(runId, set);
      this.lastAddedAt = this.clock.now();
      this.pollsSinceAdded = 0;
    }
    set.add(watcher);
    this.start();
    return () => {
      const current = this.watchers.get(runId);
      current?.delete(watcher);
      if (current && current.size === 0) {
        this.watchers.delete(runId);
        this.offList.delete(runId);
        if (this.watchers.size === 0) this.wake?.abort(); // let the loop end now, not at the next poll
      }
    };
  }

  latest(runId: number): RunSnapshot | undefined {
    return this.snapshots.get(runId);
  }

  /** The freshest reading: the cached one for a watched run, else one read within the budget. */
  async read(runId: number, signal?: AbortSignal): Promise<RunSnapshot> {
    const cached = this.snapshots.get(runId);
    if (cached && this.watchers.has(runId)) return cached;
    const observedAt = this.clock.now();
    const release = await this.budget.acquire(anySignal(signal, this.closer.signal));
    try {
      this.stats.getRequests += 1;
      const run = await this.client.getRun(runId, { signal });
      return this.record(run, observedAt);
    } finally {
      release();
    }
  }

  watchedRuns(): number[] {
    return [...this.watchers.keys()];
  }

  close(): void {
    this.closer.abort(new Error('the Codegen run monitor was closed'));
    this.watchers.clear();
    this.wake?.abort();
  }

  /**
   * Clock time of the next poll: `initialMs` after a run is added, then gaps growing by `factor`
   * up to `maxMs`, but never closer than the budget spreads evenly (window / limit), so the budget
   * never has to stall a poll and the gap between polls stays bounded by the larger of the two.
   * Gaps are measured from when the previous poll's first read was answered, not from when it was
   * due: a late or slow poll then delays only the next one, by its own lateness and round trip,
   * whereas timing from due dates would have the budget hold back every other poll by the lateness
   * so far, which grows with each late timer and unbalances the gaps. And since a read goes out
   * only after the one before it was answered, Codegen sees them at least a gap apart.
   */
  nextPollAt(): number {
    const fromAdded = this.lastAddedAt + this.schedule.initialMs;
    if (this.lastPollAt === undefined) return fromAdded;
    const { limit, windowMs } = this.budget.rate;
    const grown = Math.min(
      this.schedule.maxMs,
      this.schedule.initialMs * this.schedule.factor ** this.pollsSinceAdded,
    );
    return Math.max(this.lastPollAt + Math.max(grown, windowMs / limit), fromAdded);
  }

  private start(): void {
    if (this.running) {
      this.wake?.abort(); // a new run may move the next poll earlier
      return;
    }
    this.running = true;
    void this.loop();
  }

  /** Runs while any run is watched; `running` is cleared in the same step as the last check. */
  private async loop(): Promise<void> {
    for (;;) {
      if (this.closer.signal.aborted || this.watchers.size === 0) {
        this.running = false;
        return;
      }
      const wake = new AbortController();
      this.wake = wake;
      const delay = this.nextPollAt() - this.clock.now();
      if (delay > 0) {
        try {
          await this.clock.sleep(delay, anySignal(wake.signal, this.closer.signal));
        } catch {
          continue; // woken to reschedule, or closed
        }
      }
      if (this.closer.signal.aborted || this.watchers.size === 0) continue;
      await this.poll();
    }
  }

  private async poll(): Promise<void> {
    const signal = this.closer.signal;
    this.lastPollAt = this.clock.now(); // moved to the first read's answer, if there is one
    this.pollUnsent = true;
    this.pollsSinceAdded += 1;
    this.stats.polls += 1;
    try {
      const pending = new Set(this.watchers.keys());
      const listWorthIt = [...pending].some((id) => !this.offList.has(id));
      if (listWorthIt) await this.pollList(pending, signal);
      await this.pollOneByOne(pending, signal);
    } catch (error) {
      if (signal.aborted) return;
      this.stats.failedPolls += 1;
      this.options.logger?.warning(`Codegen poll failed: ${errorMessage(error)}`);
      for (const set of [...this.watchers.values()]) for (const w of [...set]) w.onError?.(error);
    }
  }

  private async pollList(pending: Set<number>, signal: AbortSignal): Promise<void> {
    const pageSize = Math.min(100, Math.max(1, this.options.pageSize ?? 100));
    const maxPages = this.options.maxPagesPerPoll ?? 2;
    for (let page = 0; page < maxPages && pending.size > 0; page += 1) {
      const { release, observedAt } = await this.spendRead(signal);
      this.stats.listRequests += 1;
      const result = await this.client
        .listRuns({
          skip: page * pageSize,
          limit: pageSize,
          userId: this.options.filter?.userId,
          sourceType: this.options.filter?.sourceType,
          signal,
        })
        .finally(release);
      for (const run of result.items) {
        if (!pending.has(run.id)) continue;
        pending.delete(run.id);
        this.offList.delete(run.id);
        this.deliver(this.record(run, observedAt));
      }
      const oldest = Math.min(...result.items.map((r) => r.id));
      // Newest first: runs newer than this page's oldest are not on later pages either.
      const onLaterPages = [...pending].some((id) => id < oldest);
      if (!onLaterPages || result.items.length < pageSize || page + 1 >= result.pages) break;
    }
    for (const id of pending) this.offList.add(id);
  }

  /** Runs the list did not show, least recently seen first, a few per poll. */
  private async pollOneByOne(pending: Set<number>, signal: AbortSignal): Promise<void> {
    const order = [...pending].sort(
      (a, b) => (this.snapshots.get(a)?.observedAt ?? 0) - (this.snapshots.get(b)?.observedAt ?? 0),
    );
    for (const id of order.slice(0, this.options.maxGetsPerPoll ?? 1)) {
      const { release, observedAt } = await this.spendRead(signal);
      this.stats.getRequests += 1;
      try {
        const run = await this.client.getRun(id, { signal });
        if (this.watchers.has(id)) this.deliver(this.record(run, observedAt));
      } catch (error) {
        // A run that is gone concerns its own watchers only; anything else concerns every run.
        if (!(error instanceof CodegenRequestError && error.status === 404)) throw error;
        for (const w of [...(this.watchers.get(id) ?? [])]) w.onError?.(error);
      } finally {
        release();
      }
    }
  }

  /**
   * A slot of the budget for one of a poll's reads, released when it is answered (or failed);
   * the release of the poll's first read marks when the poll happened, for the cadence.
   */
  private async spendRead(signal: AbortSignal): Promise<{ release: () => void; observedAt: number }> {
    const free = await this.budget.acquire(signal);
    const observedAt = this.clock.now();
    const first = this.pollUnsent;
    this.pollUnsent = false;
    const release = () => {
      free();
      if (first) this.lastPollAt = this.clock.now();
    };
    return { release, observedAt };
  }

  private record(run: AgentRun, observedAt: number): RunSnapshot {
    const previous = this.snapshots.get(run.id);
    if (previous && previous.observedAt > observedAt) return previous;
    const snapshot = { run, status: normaliseStatus(run.status), observedAt };
    this.snapshots.set(run.id, snapshot);
    return snapshot;
  }

  private deliver(snapshot: RunSnapshot): void {
    for (const watcher of [...(this.watchers.get(snapshot.run.id) ?? [])]) {
      try {
        watcher.onUpdate(snapshot);
      } catch (error) {
        this.options.logger?.error(`a Codegen run watcher threw: ${errorMessage(error)}`);
      }
    }
  }
}

function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  return present.length === 1 && present[0] ? present[0] : AbortSignal.any(present);
}

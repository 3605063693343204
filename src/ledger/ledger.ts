import type { z } from 'zod';
import type { Clock } from '../util/clock.js';
import { readDocument, UNCHANGED, type UpdateOptions } from './document.js';
import { committedUsd, IssueRecord, SpendRecord } from './records.js';
import type { LedgerStore } from './store.js';
import { WriteCombiner } from './write-combiner.js';

export type ClaimResult = { created: true; record: IssueRecord } | { created: false; record: IssueRecord };
export type ReserveResult =
  | { ok: true; committedUsd: number }
  | { ok: false; committedUsd: number; reason: string };

export interface LedgerOptions {
  /**
   * Updates of one file that arrive within this many ms of the first go in one write. Worth it
   * where every write is a commit (the state branch); a local directory writes at once.
   */
  combineWithinMs?: number;
}

/** A ledger file name for an issue identifier ("ENG-123", "#42" → "gh-42"). */
export function issueFileName(identifier: string): string {
  const safe = identifier.replace(/^#/, 'gh-').replace(/[^A-Za-z0-9_.-]/g, '_');
  return `issues/${safe}.json`;
}

export function dayOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/**
 * The durable memory (the ledger) over any LedgerStore. Every change is a compare-and-swap, so
 * concurrent jobs agree on who claimed an issue, who dispatched a task and what was spent.
 */
export class Ledger {
  /**
   * Updates of one file from this process never race each other (they would only conflict): the
   * ones that arrive while a write is under way go together in the next write.
   */
  private readonly writer: WriteCombiner;
  private readonly pendingSettlements: (() => Promise<void>)[] = [];

  constructor(
    readonly store: LedgerStore,
    private readonly clock: Clock,
    options: LedgerOptions = {},
  ) {
    this.writer = new WriteCombiner(store, { clock, lingerMs: options.combineWithinMs ?? 0 });
  }

  private update<S extends z.ZodType>(
    path: string,
    schema: S,
    mutate: (current: z.infer<S> | null) => z.infer<S> | typeof UNCHANGED,
    options: UpdateOptions,
  ): Promise<{ value: z.infer<S> | null; written: boolean }> {
    return this.writer.update(path, schema, mutate, options);
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }

  /**
   * Claims an issue for a run: creates its record when there is none. An existing record is
   * returned untouched: the caller resumes it instead of starting the issue again.
   */
  async claimIssue(issue: IssueRecord['issue'], runId: string): Promise<ClaimResult> {
    const at = this.now();
    let created = false;
    const { value } = await this.update(
      issueFileName(issue.identifier),
      IssueRecord,
      (current): IssueRecord | typeof UNCHANGED => {
        created = current === null;
        if (current) return UNCHANGED;
        return {
          schema: 1,
          issue,
          claimedBy: { runId, at },
          status: 'planning',
          tasks: {},
          tracking: {},
          createdAt: at,
          updatedAt: at,
        };
      },
      { clock: this.clock, message: `cyrus: claim ${issue.identifier}` },
    );
    if (!value) throw new Error(`the ledger lost the record of ${issue.identifier}`);
    return created ? { created: true, record: value } : { created: false, record: value };
  }

  readIssue(identifier: string): Promise<IssueRecord | null> {
    return readDocument(this.store, issueFileName(identifier), IssueRecord);
  }

  /** Applies `mutate` to an issue's record with compare-and-swap; `mutate` may run more than once. */
  async updateIssue(
    identifier: string,
    mutate: (record: IssueRecord) => IssueRecord | typeof UNCHANGED,
    message = `cyrus: update ${identifier}`,
  ): Promise<IssueRecord> {
    const { value } = await this.update(
      issueFileName(identifier),
      IssueRecord,
      (current) => {
        if (!current) throw new Error(`no ledger record for ${identifier}; claim the issue first`);
        const next = mutate(current);
        return next === UNCHANGED ? UNCHANGED : { ...next, updatedAt: this.now() };
      },
      { clock: this.clock, message },
    );
    if (!value) throw new Error(`the ledger lost the record of ${identifier}`);
    return value;
  }

  async listIssues(): Promise<IssueRecord[]> {
    const paths = await this.store.list('issues');
    const records = await Promise.all(paths.map((p) => readDocument(this.store, p, IssueRecord)));
    return records.filter((r): r is IssueRecord => r !== null);
  }

  /**
   * Reserves a task's estimated cost in the day's spend file before dispatch. Idempotent per key;
   * refused when it would take the day past `capUsd`, so concurrent jobs together never pass it.
   */
  async reserve(
    key: string,
    entry: { usd: number; issue: string; task: string },
    capUsd: number | undefined,
  ): Promise<ReserveResult> {
    const date = dayOf(this.clock.now());
    let outcome: ReserveResult = { ok: true, committedUsd: 0 };
    // Settlements kept for later ride along with this write (queued first, they share its commit).
    const settled = this.flushSettlements();
    await this.update(
      `spend/${date}.json`,
      SpendRecord,
      (current): SpendRecord | typeof UNCHANGED => {
        const record: SpendRecord = current ?? { schema: 1, date, reservations: {} };
        const committed = committedUsd(record);
        if (record.reservations[key]) {
          outcome = { ok: true, committedUsd: committed };
          return UNCHANGED;
        }
        if (capUsd !== undefined && committed + entry.usd > capUsd + 1e-9) {
          outcome = {
            ok: false,
            committedUsd: committed,
            reason: `$${committed.toFixed(2)} of the $${capUsd.toFixed(2)} daily budget is committed; this task's estimate of $${entry.usd.toFixed(2)} would pass it`,
          };
          return UNCHANGED;
        }
        outcome = { ok: true, committedUsd: committed + entry.usd };
        return { ...record, reservations: { ...record.reservations, [key]: { ...entry, at: this.now() } } };
      },
      { clock: this.clock, attempts: 40, message: `cyrus: reserve ${key}` },
    );
    await settled;
    return outcome;
  }

  /** Replaces a reservation by the actual cost once the task is over. */
  async settle(
    key: string,
    actualUsd: number,
    estimated: boolean,
    reservedOn = dayOf(this.clock.now()),
  ): Promise<void> {
    await this.update(
      `spend/${reservedOn}.json`,
      SpendRecord,
      (current) => {
        const reservation = current?.reservations[key];
        if (!current || !reservation) return UNCHANGED;
        return {
          ...current,
          reservations: {
            ...current.reservations,
            [key]: { ...reservation, settledUsd: actualUsd, estimated },
          },
        };
      },
      { clock: this.clock, attempts: 40, message: `cyrus: settle ${key}` },
    );
  }

  /**
   * Settles later: the settlement rides along with the next write of the spend file (the next
   * reservation) or `flushSettlements`. Nothing outside waits on it, and if the job dies first the
   * reservation keeps counting at its estimate, which only makes the daily cap stricter.
   */
  settleLater(
    key: string,
    actualUsd: number,
    estimated: boolean,
    reservedOn = dayOf(this.clock.now()),
  ): void {
    this.pendingSettlements.push(() => this.settle(key, actualUsd, estimated, reservedOn));
  }

  /** Writes the settlements `settleLater` kept (one combined write per day's file). */
  async flushSettlements(): Promise<void> {
    const pending = this.pendingSettlements.splice(0);
    await Promise.all(pending.map((settle) => settle()));
  }

  readSpend(date: string): Promise<SpendRecord | null> {
    return readDocument(this.store, `spend/${date}.json`, SpendRecord);
  }

  async listSpend(): Promise<SpendRecord[]> {
    const paths = await this.store.list('spend');
    const records = await Promise.all(paths.map((p) => readDocument(this.store, p, SpendRecord)));
    return records.filter((r): r is SpendRecord => r !== null);
  }
}

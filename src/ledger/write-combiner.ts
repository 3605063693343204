import type { z } from 'zod';
import type { Clock } from '../util/clock.js';
import { UNCHANGED, type UpdateOptions, updateDocument } from './document.js';
import type { LedgerStore } from './store.js';

type Mutation<S extends z.ZodType> = (current: z.infer<S> | null) => z.infer<S> | typeof UNCHANGED;

interface Queued {
  schema: z.ZodType;
  mutate: Mutation<z.ZodType>;
  options: UpdateOptions;
  resolve: (result: { value: unknown; written: boolean }) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; changed: boolean } | { ok: false; error: unknown };

/**
 * Updates of one file from this process, combined: while a write of a file is under way, the
 * updates that arrive for it queue up, and the next write applies them all, in call order, in one
 * compare-and-swap. Ten tasks finishing together cost two writes instead of ten in a row (on
 * GitHub each write is a request spaced a second from the last). Each update still succeeds or
 * fails on its own: a mutation that throws, or yields a document its schema rejects, fails alone
 * and the others land. Every caller gets the document as written.
 */
export class WriteCombiner {
  private readonly queues = new Map<string, Queued[]>();
  private readonly writing = new Set<string>();

  /**
   * `lingerMs`: how long a first update waits for others before its write starts. Tasks that
   * start or finish together then share one commit (GitHub counts each against its
   * content-creation limit); 0 writes at once.
   */
  constructor(
    private readonly store: LedgerStore,
    private readonly linger: { clock: Clock; lingerMs: number } | undefined = undefined,
  ) {}

  update<S extends z.ZodType>(
    path: string,
    schema: S,
    mutate: Mutation<S>,
    options: UpdateOptions,
  ): Promise<{ value: z.infer<S> | null; written: boolean }> {
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(path) ?? [];
      queue.push({
        schema,
        mutate: mutate as Mutation<z.ZodType>,
        options,
        resolve: resolve as Queued['resolve'],
        reject,
      });
      this.queues.set(path, queue);
      if (!this.writing.has(path)) void this.drain(path);
    });
  }

  private async drain(path: string): Promise<void> {
    this.writing.add(path);
    try {
      // Updates made in the same tick (a settlement and the reservation it rides along with) go in
      // the first write; a linger gathers the ones that follow within a few ms as well.
      if (this.linger && this.linger.lingerMs > 0) await this.linger.clock.sleep(this.linger.lingerMs);
      else await Promise.resolve();
      for (let batch = this.queues.get(path); batch && batch.length > 0; batch = this.queues.get(path)) {
        this.queues.delete(path);
        await this.write(path, batch);
      }
    } finally {
      this.writing.delete(path);
    }
  }

  private async write(path: string, batch: Queued[]): Promise<void> {
    const [first] = batch;
    if (!first) return;
    const outcomes: Outcome[] = [];
    const combined: Mutation<z.ZodType> = (current) => {
      let value = current;
      let changed = false;
      batch.forEach((entry, i) => {
        try {
          const next = entry.mutate(value);
          if (next === UNCHANGED) {
            outcomes[i] = { ok: true, changed: false };
            return;
          }
          value = entry.schema.parse(next);
          changed = true;
          outcomes[i] = { ok: true, changed: true };
        } catch (error) {
          outcomes[i] = { ok: false, error };
        }
      });
      return changed ? value : UNCHANGED;
    };
    const options: UpdateOptions = {
      clock: first.options.clock,
      attempts: Math.max(...batch.map((e) => e.options.attempts ?? 12)),
      message:
        batch.length === 1 ? first.options.message : `${first.options.message} (+${batch.length - 1} more)`,
    };
    let result: { value: unknown; written: boolean };
    try {
      result = await updateDocument(this.store, path, first.schema, combined, options);
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    batch.forEach((entry, i) => {
      const outcome = outcomes[i];
      if (!outcome) entry.reject(new Error(`the update of ${path} was never applied`));
      else if (!outcome.ok) entry.reject(outcome.error);
      else entry.resolve({ value: result.value, written: result.written && outcome.changed });
    });
  }
}

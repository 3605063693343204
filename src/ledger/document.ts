import type { z } from 'zod';
import { backoffDelay } from '../util/backoff.js';
import type { Clock } from '../util/clock.js';
import { plural } from '../util/plural.js';
import type { LedgerStore } from './store.js';

/** Returned by a mutation that decides, after reading, not to write. */
export const UNCHANGED = Symbol('unchanged');

export interface UpdateOptions {
  clock: Clock;
  /** Compare-and-swap attempts before giving up; each conflict backs off with jitter. */
  attempts?: number;
  message: string;
}

/**
 * Read-modify-write of one JSON document with compare-and-swap, retried on conflict. `mutate`
 * sees the current value (null when absent) and returns the next one, or UNCHANGED; it may run
 * several times, so it must be a pure function of its input.
 */
export async function updateDocument<S extends z.ZodType>(
  store: LedgerStore,
  path: string,
  schema: S,
  mutate: (current: z.infer<S> | null) => z.infer<S> | typeof UNCHANGED,
  options: UpdateOptions,
): Promise<{ value: z.infer<S> | null; written: boolean }> {
  const attempts = options.attempts ?? 12;
  // Read-your-writes: start from the version this process last saw (a write's answer carries the
  // new sha), so a write needs no read first; a stale one loses the compare-and-swap, and a
  // decision not to write is only trusted on what the store says now.
  let known = store.known?.(path);
  for (let attempt = 0; attempt < attempts; ) {
    const fromCache = known !== undefined;
    const current = known ?? (await store.read(path));
    known = undefined;
    const parsed = current ? parseDocument(schema, current.content, `${store.description}/${path}`) : null;
    let next: ReturnType<typeof mutate>;
    try {
      next = mutate(parsed);
    } catch (error) {
      if (fromCache) continue;
      throw error;
    }
    if (next === UNCHANGED) {
      if (fromCache) continue;
      return { value: parsed, written: false };
    }
    const validated = schema.parse(next);
    const result = await store.write(
      path,
      `${JSON.stringify(validated, null, 2)}\n`,
      current?.version ?? null,
      options.message,
    );
    if (result.ok) return { value: validated, written: true };
    // A cached version that lost is simply stale: read and try again at once.
    if (fromCache) continue;
    await options.clock.sleep(backoffDelay(attempt, { baseMs: 50, maxMs: 2_000 }));
    attempt++;
  }
  throw new Error(
    `could not update ${store.description}/${path}: it kept changing under ${plural(attempts, 'attempt')}`,
  );
}

export async function readDocument<S extends z.ZodType>(
  store: LedgerStore,
  path: string,
  schema: S,
): Promise<z.infer<S> | null> {
  const current = await store.read(path);
  return current ? parseDocument(schema, current.content, `${store.description}/${path}`) : null;
}

function parseDocument<S extends z.ZodType>(schema: S, content: string, where: string): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    throw new Error(`the ledger file ${where} is not valid JSON; fix or delete it on the state branch`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(
      `the ledger file ${where} does not have the expected shape (${problems}); fix or delete it on the state branch`,
    );
  }
  return parsed.data;
}

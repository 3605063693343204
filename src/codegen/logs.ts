import type { Clock } from '../util/clock.js';
import { errorMessage } from '../util/errors.js';
import type { CodegenClient } from './client.js';
import type { AgentRunLog, AgentRunWithLogs } from './schemas.js';

/** The API's largest page. */
const PAGE_SIZE = 100;

export interface LogReadLimits {
  /** Pages read at most (each is one request of the logs endpoint's own 60-per-60 s budget). */
  maxPages: number;
  /** Entries kept at most. */
  maxEntries: number;
  /** Longest the whole read may take, on the client's clock. */
  timeoutMs: number;
}

export const DEFAULT_LOG_READ_LIMITS: LogReadLimits = { maxPages: 10, maxEntries: 1_000, timeoutMs: 60_000 };

export interface RunLogs {
  /** The run as the logs endpoint describes it. */
  run: { status: string | null; webUrl: string | null };
  /** In chronological order (the endpoint's order). */
  logs: AgentRunLog[];
  /** What the endpoint says it holds; may exceed `logs.length` when cut off. */
  total: number;
  /** Why the read stopped before the end, when it did. */
  truncated?: string;
}

/**
 * Reads a run's logs from the alpha logs endpoint, page by page (`skip`/`limit`), until the last
 * page, a cap, or the deadline. A failure after the first page keeps what was read and says so;
 * a failure on the first page throws.
 */
export async function readRunLogs(
  client: CodegenClient,
  runId: number,
  options: { clock: Clock; limits?: Partial<LogReadLimits>; signal?: AbortSignal },
): Promise<RunLogs> {
  const limits = { ...DEFAULT_LOG_READ_LIMITS, ...options.limits };
  if (limits.maxPages < 1 || limits.maxEntries < 1)
    throw new Error('reading run logs needs maxPages and maxEntries of at least 1');
  const deadline = new AbortController();
  const stopTimer = new AbortController();
  options.clock.sleep(limits.timeoutMs, stopTimer.signal).then(
    () => deadline.abort(new Error(`reading the logs of run ${runId} took over ${limits.timeoutMs} ms`)),
    () => {},
  );
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  const logs: AgentRunLog[] = [];
  let header: RunLogs['run'] | undefined;
  let total = 0;
  let truncated: string | undefined;
  try {
    for (let page = 0; ; page += 1) {
      if (page >= limits.maxPages) {
        truncated = `stopped after ${limits.maxPages} page(s) of logs`;
        break;
      }
      const limit = Math.min(PAGE_SIZE, limits.maxEntries - logs.length);
      let body: AgentRunWithLogs;
      try {
        body = await client.getRunLogs(runId, { skip: logs.length, limit, signal });
      } catch (error) {
        if (!header) throw error;
        truncated = `logs cut off after ${logs.length} entries: ${errorMessage(error)}`;
        break;
      }
      const entries = body.logs;
      header ??= { status: body.status ?? null, webUrl: body.web_url ?? null };
      total = body.total_logs ?? Math.max(total, logs.length + entries.length);
      logs.push(...entries.slice(0, limits.maxEntries - logs.length));
      if (entries.length === 0 || entries.length < limit || logs.length >= total) break;
      if (logs.length >= limits.maxEntries) {
        truncated = `kept the first ${limits.maxEntries} of ${total} log entries`;
        break;
      }
    }
  } finally {
    stopTimer.abort();
  }
  if (!header) throw new Error(`the logs endpoint gave no page for run ${runId}`);
  return { run: header, logs, total: Math.max(total, logs.length), ...(truncated ? { truncated } : {}) };
}

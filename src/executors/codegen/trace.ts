import { type CodegenClient, type LogReadLimits, readRunLogs } from '../../codegen/index.js';
import { type ExecutionResult, type ExecutionTrace, MAX_TRACE_URL, ToolTally } from '../../domain/index.js';
import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';

/** Longest a trace read may take; it never runs past the task's own deadline either. */
const TRACE_READ_MS = 60_000;

/**
 * The result with the trace of its Codegen run, read once from the run's logs now that the run
 * has ended. A run still going in the cloud (the deadline passed, or following it was stopped)
 * has no trace yet; a read that fails costs the attempt nothing but a warning.
 */
export async function withCodegenTrace(
  result: ExecutionResult,
  options: {
    client: CodegenClient;
    logger: Logger;
    /** Traces are kept only with `tracing` (`features.enableTracing`). */
    settings: { tracing?: boolean };
    deadline: number;
    limits?: Partial<LogReadLimits>;
  },
): Promise<ExecutionResult> {
  if (!options.settings.tracing) return result;
  const runId = Number(result.sessionId);
  if (!result.sessionId || !Number.isInteger(runId) || runId <= 0) return result;
  if (result.status === 'timed_out' || result.status === 'cancelled') return result;
  const { client, logger } = options;
  const timeoutMs = Math.min(TRACE_READ_MS, options.deadline - client.clock.now());
  if (timeoutMs <= 0) return result;
  try {
    const read = await readRunLogs(client, runId, {
      clock: client.clock,
      limits: { ...options.limits, timeoutMs },
    });
    const tools = new ToolTally();
    for (const entry of read.logs) if (entry.tool_name) tools.add(entry.tool_name);
    const url = read.run.webUrl ?? result.webUrl;
    const trace: ExecutionTrace = {
      source: 'codegen-logs',
      tools: tools.toRecord(),
      toolCalls: tools.calls,
      turns: read.total,
      durationMs: result.durationMs,
      ...(url && url.length <= MAX_TRACE_URL && URL.canParse(url) ? { url } : {}),
      ...(read.truncated ? { truncated: read.truncated.slice(0, 200) } : {}),
    };
    return { ...result, trace };
  } catch (error) {
    logger.warning(`Codegen run ${runId}: no trace (reading its logs failed: ${errorMessage(error)})`);
    return result;
  }
}

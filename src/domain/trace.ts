import { z } from 'zod';

/** At most this many tool names are kept per trace; the rest are counted under OTHER_TOOLS. */
export const MAX_TRACED_TOOLS = 30;
export const OTHER_TOOLS = '(other)';
const MAX_TOOL_NAME = 80;
export const MAX_TRACE_URL = 500;

/**
 * What one attempt did, summarised from its executor's own record of the run (Codegen's run logs,
 * the CLI's stream of tool calls). Bounded, so a ledger record stays small however long the run.
 */
export const ExecutionTrace = z.object({
  /** Where the figures come from, e.g. "codegen-logs" or "claude-stream". */
  source: z.string().min(1).max(40),
  /** Calls per tool name. */
  tools: z
    .record(z.string().min(1).max(MAX_TOOL_NAME), z.number().int().nonnegative())
    .refine((tools) => Object.keys(tools).length <= MAX_TRACED_TOOLS + 1, {
      message: `at most ${MAX_TRACED_TOOLS} tool names (the rest under "${OTHER_TOOLS}")`,
    }),
  toolCalls: z.number().int().nonnegative(),
  /** Model turns (Claude) or logged steps (Codegen). */
  turns: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative(),
  costUsd: z.number().nonnegative().optional(),
  /** The run's own page (Codegen's trace view). */
  url: z.string().url().max(MAX_TRACE_URL).optional(),
  /** Set when the record was cut off (page or entry cap, deadline): the figures are a lower bound. */
  truncated: z.string().max(200).optional(),
});
export type ExecutionTrace = z.infer<typeof ExecutionTrace>;

/** Counts tool calls by name, keeping the first MAX_TRACED_TOOLS names and folding the rest together. */
export class ToolTally {
  private readonly counts = new Map<string, number>();
  calls = 0;

  add(name: string): void {
    this.calls += 1;
    const key = name.slice(0, MAX_TOOL_NAME) || OTHER_TOOLS;
    const known = this.counts.has(key) || this.counts.size < MAX_TRACED_TOOLS;
    const slot = known ? key : OTHER_TOOLS;
    this.counts.set(slot, (this.counts.get(slot) ?? 0) + 1);
  }

  toRecord(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}

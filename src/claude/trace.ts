import { type ExecutionTrace, ToolTally } from '../domain/index.js';
import { type StreamMessage, toolUses } from './stream.js';

/**
 * Summarises what `claude -p --output-format stream-json` printed: tools called (each tool_use
 * once, however often its message is repeated), turns, time and cost from the result line.
 * Nothing is sent anywhere; it only reads the stream the executor already gets.
 */
export class StreamTrace {
  private readonly tools = new ToolTally();
  private readonly toolIds = new Set<string>();
  private readonly assistantIds = new Set<string>();
  private result: { turns: number; durationMs: number; costUsd: number } | undefined;
  /** Figures of earlier CLI runs of the same attempt (a resume that falls back to a fresh session). */
  private earlier = { turns: 0, durationMs: 0, costUsd: 0 };

  observe(message: StreamMessage): void {
    if (message.type === 'assistant') {
      const id = message.message.id;
      this.assistantIds.add(typeof id === 'string' ? id : `#${this.assistantIds.size}`);
      for (const tool of toolUses(message)) {
        if (this.toolIds.has(tool.id)) continue;
        this.toolIds.add(tool.id);
        this.tools.add(tool.name);
      }
    } else if (message.type === 'result') {
      if (this.result) {
        this.earlier = {
          turns: this.earlier.turns + this.result.turns,
          durationMs: this.earlier.durationMs + this.result.durationMs,
          costUsd: this.earlier.costUsd + this.result.costUsd,
        };
      }
      this.result = {
        turns: message.num_turns,
        durationMs: message.duration_ms,
        costUsd: message.total_cost_usd,
      };
    }
  }

  /** The trace so far; `elapsedMs` stands in for the CLI's own duration when it printed no result. */
  summary(elapsedMs: number): ExecutionTrace {
    const last = this.result;
    return {
      source: 'claude-stream',
      tools: this.tools.toRecord(),
      toolCalls: this.tools.calls,
      turns: last ? this.earlier.turns + last.turns : this.assistantIds.size,
      durationMs: last ? this.earlier.durationMs + last.durationMs : Math.max(0, elapsedMs),
      ...(last ? { costUsd: this.earlier.costUsd + last.costUsd } : {}),
      ...(last ? {} : { truncated: 'the CLI printed no result line: turns and time are as far as seen' }),
    };
  }
}

/** The action's `status` output (SPEC §3). */
export type RunStatus = 'success' | 'failure' | 'partial' | 'pending' | 'skipped';

/** Everything the job summary shows; built by the mode handlers, rendered by pure functions. */
export interface JobReport {
  status: RunStatus;
  /** What fired and what was decided about it (SPEC §7: "the trigger decision"). */
  trigger: { event: string; decision: string; mode?: string };
  issue?: { identifier: string; title?: string; url?: string };
  strategy?: { name: string; reason: string };
  /** One line per decision worth showing (budget, fallback, skipped work). */
  decisions: string[];
  /** Set when the run failed: the sentence the user acts on. */
  error?: string;
  runUrl?: string;
}

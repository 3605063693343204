/** Human formats for durations, money and times. Pure: every input is passed in. */

const pad = (n: number) => String(n).padStart(2, '0');

/** `42s`, `3m 05s`, `1h 05m`. Negative or unknown durations read as `0s`. */
export function formatDuration(ms: number): string {
  const totalSeconds = Number.isFinite(ms) && ms > 0 ? Math.round(ms / 1000) : 0;
  if (totalSeconds < 60) return `${totalSeconds}s`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60) return `${totalMinutes}m ${pad(totalSeconds % 60)}s`;
  return `${Math.floor(totalMinutes / 60)}h ${pad(totalMinutes % 60)}m`;
}

/** `$0.50`, or `~$0.50` for an estimate (Codegen reports no cost; we estimate it). */
export function formatUsd(usd: number, estimated = false): string {
  const amount = Number.isFinite(usd) && usd > 0 ? usd : 0;
  return `${estimated ? '~' : ''}$${amount.toFixed(2)}`;
}

/** Reported and estimated money kept apart, so an estimate never passes for a bill. */
export interface CostParts {
  reportedUsd: number;
  estimatedUsd: number;
  hasReported: boolean;
  hasEstimated: boolean;
}

export const NO_COST: CostParts = {
  reportedUsd: 0,
  estimatedUsd: 0,
  hasReported: false,
  hasEstimated: false,
};

export function addCost(a: CostParts, b: CostParts): CostParts {
  return {
    reportedUsd: a.reportedUsd + b.reportedUsd,
    estimatedUsd: a.estimatedUsd + b.estimatedUsd,
    hasReported: a.hasReported || b.hasReported,
    hasEstimated: a.hasEstimated || b.hasEstimated,
  };
}

export function costOf(usd: number | undefined, estimated: boolean | undefined): CostParts {
  if (usd === undefined) return NO_COST;
  return estimated
    ? { reportedUsd: 0, estimatedUsd: usd, hasReported: false, hasEstimated: true }
    : { reportedUsd: usd, estimatedUsd: 0, hasReported: true, hasEstimated: false };
}

/** `$0.42`, `~$0.50`, `$0.42 + ~$0.10`, or `—` when nothing is known. */
export function formatCost(cost: CostParts): string {
  const parts: string[] = [];
  if (cost.hasReported) parts.push(formatUsd(cost.reportedUsd));
  if (cost.hasEstimated) parts.push(formatUsd(cost.estimatedUsd, true));
  return parts.length > 0 ? parts.join(' + ') : '—';
}

/** `2025-03-14 09:26 UTC`; the input itself when it is not a date. */
export function formatTimestamp(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const at = new Date(ms).toISOString();
  return `${at.slice(0, 10)} ${at.slice(11, 16)} UTC`;
}

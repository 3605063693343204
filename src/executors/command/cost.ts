import type { Cost } from '../../domain/index.js';
import type { CommandExecutorConfig } from './config.js';

type Pricing = Pick<CommandExecutorConfig, 'costPerRunUsd' | 'costPerMinuteUsd' | 'timeoutMinutes'>;

const round = (usd: number) => Math.round(usd * 10_000) / 10_000;

/** The recorded cost of one run: the configured price (a command agent reports none). */
export function commandRunCost(pricing: Pricing, elapsedMs: number): Cost {
  const minutes = Math.max(0, elapsedMs) / 60_000;
  const usd = round(pricing.costPerRunUsd + pricing.costPerMinuteUsd * minutes);
  const perMinute =
    pricing.costPerMinuteUsd > 0 ? ` + $${pricing.costPerMinuteUsd}/min × ${minutes.toFixed(1)} min` : '';
  return { usd, estimated: true, basis: `estimate: $${pricing.costPerRunUsd} per run${perMinute}` };
}

/**
 * The expected cost of a task before dispatch: the price of a run, and for per-minute pricing
 * the average minutes of past runs when known, else half the timeout.
 */
export function expectedCommandCost(
  pricing: Pricing,
  history: { averageCostUsd?: number; runs: number },
): number {
  if (history.runs > 0 && history.averageCostUsd !== undefined) return round(history.averageCostUsd);
  return round(pricing.costPerRunUsd + pricing.costPerMinuteUsd * (pricing.timeoutMinutes / 2));
}

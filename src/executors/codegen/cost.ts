import type { Cost, TaskSize } from '../../domain/index.js';

export interface CodegenPricing {
  perRunUsd: number;
  perMinuteUsd: number;
}

/** Typical run time by task size, for estimates made before a run exists (budget reservations). */
export const EXPECTED_RUN_MINUTES: Record<TaskSize, number> = { s: 10, m: 20, l: 40 };

function usd(value: number): string {
  return `$${value.toFixed(2)}`;
}

/**
 * Codegen reports no cost, so every figure is an estimate from configuration
 * (codegen.pricing), and says so.
 */
export function estimateCodegenCost(pricing: CodegenPricing, runMs: number | null): Cost {
  if (runMs === null) return { usd: 0, estimated: true, basis: 'estimate: no Codegen run was started' };
  const minutes = Math.max(0, runMs) / 60_000;
  const total = pricing.perRunUsd + pricing.perMinuteUsd * minutes;
  const parts = [
    pricing.perRunUsd > 0 || pricing.perMinuteUsd === 0 ? `${usd(pricing.perRunUsd)} per run` : undefined,
  ];
  if (pricing.perMinuteUsd > 0) parts.push(`${usd(pricing.perMinuteUsd)}/min × ${minutes.toFixed(1)} min`);
  return {
    usd: Math.round(total * 10_000) / 10_000,
    estimated: true,
    basis: `estimate: ${parts.filter(Boolean).join(' + ')} (Codegen reports no cost)`,
  };
}

/** Expected cost of a task before dispatch, from its size. */
export function expectedCodegenCost(pricing: CodegenPricing, size: TaskSize): Cost {
  const estimate = estimateCodegenCost(pricing, EXPECTED_RUN_MINUTES[size] * 60_000);
  return { ...estimate, basis: `${estimate.basis}; typical run time for size ${size}` };
}

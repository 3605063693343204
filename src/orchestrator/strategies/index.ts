import type { Strategy } from '../../config/index.js';
import { costOptimized } from './cost-optimized.js';
import { hybridSmart } from './hybrid-smart.js';
import type { StrategyPolicy } from './policy.js';
import { cloudOnly, hybridParallel, localOnly } from './simple.js';

export type { Candidate, Place, StrategyChoice, StrategyInput, StrategyPolicy } from './policy.js';
export { blockReason, placeOf, ranked, successRate } from './policy.js';

const POLICIES: Record<Strategy, StrategyPolicy> = {
  'local-only': localOnly,
  'cloud-only': cloudOnly,
  'hybrid-smart': hybridSmart,
  'hybrid-parallel': hybridParallel,
  'cost-optimized': costOptimized,
};

export function strategyPolicy(name: Strategy): StrategyPolicy {
  return POLICIES[name];
}

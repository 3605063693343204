import type { ExecutorRegistry, Task } from '../domain/index.js';
import { type History, NO_HISTORY } from './history.js';
import type { Candidate } from './strategies/index.js';

/**
 * Every executor the job knows of as a strategy weighs it for one task: the registered ones with
 * their availability now and their expected cost, the unusable ones with the reason.
 */
export function candidatesFor(registry: ExecutorRegistry, task: Task, history: History): Candidate[] {
  const usable = registry.descriptors().map((d) => {
    const past = history[d.name] ?? NO_HISTORY;
    return {
      name: d.name,
      label: d.label,
      capabilities: d.capabilities,
      available: d.availability(),
      expectedCostUsd: d.expectedCostUsd(task, past),
      history: past,
    };
  });
  const unusable = registry.unavailable().map(({ identity, reason }) => ({
    name: identity.name,
    label: identity.label,
    capabilities: identity.capabilities,
    available: { ok: false as const, reason },
    expectedCostUsd: 0,
    history: history[identity.name] ?? NO_HISTORY,
  }));
  return [...usable, ...unusable];
}

import { describe, expect, it } from 'vitest';
import type { Task } from '../../src/domain/index.js';
import { type StrategyInput, strategyPolicy } from '../../src/orchestrator/index.js';

function task(overrides: Partial<Task> = {}): Task {
  return {
    id: 't1',
    title: 'Work',
    kind: 'implementation',
    prompt: 'do',
    files: [],
    acceptance: [],
    dependsOn: [],
    requiresIsolation: false,
    size: 'm',
    ...overrides,
  };
}

function input(overrides: Partial<StrategyInput> = {}): StrategyInput {
  return {
    task: task(),
    available: { local: { ok: true }, cloud: { ok: true } },
    expectedCostUsd: { local: 0.75, cloud: 0.5 },
    history: { local: { runs: 0, successes: 0 }, cloud: { runs: 0, successes: 0 } },
    ...overrides,
  };
}

const choose = (name: Parameters<typeof strategyPolicy>[0], i: StrategyInput) =>
  strategyPolicy(name).choose(i);

describe('local-only', () => {
  it('runs everything locally, whatever the task', () => {
    for (const kind of ['analysis', 'implementation', 'test', 'review', 'docs'] as const) {
      expect(
        choose('local-only', input({ task: task({ kind, size: 'l', requiresIsolation: true }) })).location,
      ).toBe('local');
    }
  });

  it('says so when the local executor is unavailable, instead of using the cloud', () => {
    const choice = choose(
      'local-only',
      input({ available: { local: { ok: false, reason: 'no Anthropic key' }, cloud: { ok: true } } }),
    );
    expect(choice).toEqual({ location: null, reason: expect.stringContaining('no Anthropic key') });
  });
});

describe('cloud-only', () => {
  it('sends every task to Codegen', () => {
    expect(choose('cloud-only', input({ task: task({ kind: 'review', size: 's' }) })).location).toBe('cloud');
  });

  it('falls back to local with the reason when Codegen is unavailable', () => {
    const choice = choose(
      'cloud-only',
      input({
        available: {
          local: { ok: true },
          cloud: { ok: false, reason: 'the Codegen circuit breaker is open' },
        },
      }),
    );
    expect(choice.location).toBe('local');
    expect(choice.reason).toContain('the Codegen circuit breaker is open');
  });

  it('rules Codegen out when its estimate is above max-cost-per-task', () => {
    const choice = choose('cloud-only', input({ maxCostPerTaskUsd: 0.4 }));
    expect(choice.location).toBe('local');
    expect(choice.reason).toContain("Codegen's estimate $0.50 is above max-cost-per-task $0.40");
  });
});

describe('hybrid-parallel', () => {
  it('keeps analysis and review local and sends execution to the cloud', () => {
    expect(choose('hybrid-parallel', input({ task: task({ kind: 'analysis' }) })).location).toBe('local');
    expect(choose('hybrid-parallel', input({ task: task({ kind: 'review' }) })).location).toBe('local');
    for (const kind of ['implementation', 'test', 'docs'] as const) {
      expect(choose('hybrid-parallel', input({ task: task({ kind, size: 's' }) })).location).toBe('cloud');
    }
  });
});

describe('hybrid-smart', () => {
  it.each([
    [{ kind: 'analysis' as const, size: 'l' as const }, 'local'],
    [{ kind: 'review' as const }, 'local'],
    [{ requiresIsolation: true, size: 's' as const }, 'cloud'],
    [{ size: 'l' as const }, 'cloud'],
    [{ size: 's' as const }, 'local'],
    [{ size: 'm' as const }, 'cloud'],
    [{ size: 'm' as const, kind: 'docs' as const }, 'local'],
  ])('%o → %s', (shape, expected) => {
    expect(choose('hybrid-smart', input({ task: task(shape) })).location).toBe(expected);
  });

  it('keeps medium work local when past runs show Codegen clearly worse', () => {
    const choice = choose(
      'hybrid-smart',
      input({ history: { local: { runs: 10, successes: 10 }, cloud: { runs: 10, successes: 4 } } }),
    );
    expect(choice.location).toBe('local');
    expect(choice.reason).toMatch(/Codegen succeeded in \d+% of past runs against \d+% locally/);
  });

  it('ignores a thin history', () => {
    expect(
      choose(
        'hybrid-smart',
        input({ history: { local: { runs: 2, successes: 2 }, cloud: { runs: 2, successes: 0 } } }),
      ).location,
    ).toBe('cloud');
  });
});

describe('cost-optimized', () => {
  it('picks the lower expected cost per successful task', () => {
    expect(choose('cost-optimized', input({ expectedCostUsd: { local: 0.75, cloud: 0.5 } })).location).toBe(
      'cloud',
    );
    expect(choose('cost-optimized', input({ expectedCostUsd: { local: 0.3, cloud: 0.5 } })).location).toBe(
      'local',
    );
  });

  it('weighs past success: a cheap executor that often fails costs more per success', () => {
    const choice = choose(
      'cost-optimized',
      input({
        expectedCostUsd: { local: 0.75, cloud: 0.5 },
        history: { local: { runs: 20, successes: 19 }, cloud: { runs: 20, successes: 6 } },
      }),
    );
    expect(choice.location).toBe('local');
    expect(choice.reason).toMatch(/expected \$0\.\d\d per success locally, \$1\.\d\d on Codegen/);
  });

  it('does not pick an executor that does not fit the per-task budget', () => {
    expect(
      choose('cost-optimized', input({ expectedCostUsd: { local: 2, cloud: 0.9 }, maxCostPerTaskUsd: 0.8 }))
        .location,
    ).toBe('local');
  });
});

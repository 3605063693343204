import { describe, expect, it } from 'vitest';
import type { Task } from '../../src/domain/index.js';
import { type Candidate, type StrategyInput, strategyPolicy } from '../../src/orchestrator/index.js';

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

type Place = 'local' | 'cloud';

/** The two built-in executors' shape, as the strategies' tests have always described them. */
interface TwoExecutors {
  task: Task;
  available: Record<Place, { ok: true } | { ok: false; reason: string }>;
  expectedCostUsd: Record<Place, number>;
  history: Record<Place, { runs: number; successes: number }>;
  maxCostPerTaskUsd?: number;
}

const CAPABILITIES = {
  local: {
    needsRunner: true,
    detaches: false,
    honoursCostCap: true,
    resumesWithEvidence: true,
    tracing: false,
    mcpServers: false,
  },
  cloud: {
    needsRunner: false,
    detaches: true,
    honoursCostCap: false,
    resumesWithEvidence: true,
    tracing: false,
    mcpServers: false,
  },
};
const NAMES: Record<Place, { name: string; label: string }> = {
  local: { name: 'claude-code', label: 'Claude Code' },
  cloud: { name: 'codegen', label: 'Codegen' },
};

function candidate(place: Place, i: TwoExecutors): Candidate {
  return {
    ...NAMES[place],
    capabilities: CAPABILITIES[place],
    available: i.available[place],
    expectedCostUsd: i.expectedCostUsd[place],
    history: i.history[place],
  };
}

function input(overrides: Partial<TwoExecutors> = {}): TwoExecutors {
  return {
    task: task(),
    available: { local: { ok: true }, cloud: { ok: true } },
    expectedCostUsd: { local: 0.75, cloud: 0.5 },
    history: { local: { runs: 0, successes: 0 }, cloud: { runs: 0, successes: 0 } },
    ...overrides,
  };
}

/** The strategy's choice, with the executor it names read back as its place. */
function choose(name: Parameters<typeof strategyPolicy>[0], i: TwoExecutors) {
  const input: StrategyInput = {
    task: i.task,
    candidates: [candidate('cloud', i), candidate('local', i)],
    maxCostPerTaskUsd: i.maxCostPerTaskUsd,
  };
  const choice = strategyPolicy(name).choose(input);
  const location = (['local', 'cloud'] as const).find((p) => NAMES[p].name === choice.executor) ?? null;
  return { location, reason: choice.reason };
}

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

describe('a third executor: strategies rank by capabilities, never by name', () => {
  const runner = (name: string, usd: number, extra: Partial<Candidate> = {}): Candidate => ({
    name,
    label: name,
    capabilities: { ...CAPABILITIES.local, honoursCostCap: false },
    available: { ok: true },
    expectedCostUsd: usd,
    history: { runs: 0, successes: 0 },
    ...extra,
  });

  it('local-only picks the cheapest runner executor per success, and says why when one is out', () => {
    const candidates = [runner('aider', 0.4), runner('codex', 0.2)];
    expect(strategyPolicy('local-only').choose({ task: task(), candidates }).executor).toBe('codex');
    const withCap = strategyPolicy('local-only').choose({ task: task(), candidates, maxCostPerTaskUsd: 0.3 });
    expect(withCap.executor).toBe('codex');
    const none = strategyPolicy('local-only').choose({ task: task(), candidates, maxCostPerTaskUsd: 0.1 });
    expect(none.executor).toBeNull();
    expect(none.reason).toContain("codex's estimate $0.20 is above max-cost-per-task $0.10");
  });

  it('an executor that stops at the cap is never ruled out by its estimate', () => {
    const capped = runner('capped', 5, { capabilities: CAPABILITIES.local });
    expect(
      strategyPolicy('local-only').choose({ task: task(), candidates: [capped], maxCostPerTaskUsd: 1 })
        .executor,
    ).toBe('capped');
  });

  it('cloud-only names the cloud executor it uses by its label', () => {
    const cloud: Candidate = {
      ...runner('remote', 1),
      label: 'Remote Agents',
      capabilities: CAPABILITIES.cloud,
    };
    const choice = strategyPolicy('cloud-only').choose({
      task: task(),
      candidates: [runner('codex', 0.2), cloud],
    });
    expect(choice).toEqual({
      executor: 'remote',
      reason: 'strategy cloud-only runs every task on Remote Agents',
    });
  });

  it('cost-optimized weighs every usable executor, naming each where several run on the runner', () => {
    const choice = strategyPolicy('cost-optimized').choose({
      task: task(),
      candidates: [
        runner('codex', 0.3),
        runner('aider', 0.2),
        { ...runner('remote', 0.5), capabilities: CAPABILITIES.cloud },
      ],
    });
    expect(choice.executor).toBe('aider');
    expect(choice.reason).toBe(
      'cost-optimized: expected $0.37 per success on codex, $0.25 on aider, $0.63 on remote',
    );
  });
});

import { describe, expect, it } from 'vitest';
import {
  checkPlan,
  type ExecutorDescriptor,
  ExecutorRegistry,
  Plan,
  type TaskExecutor,
  topologicalOrder,
} from '../../src/domain/index.js';

function plan(tasks: { id: string; dependsOn?: string[] }[]): Plan {
  return Plan.parse({
    summary: 'test plan',
    tasks: tasks.map((t) => ({
      id: t.id,
      title: `Task ${t.id}`,
      kind: 'implementation',
      prompt: 'do it',
      size: 's',
      dependsOn: t.dependsOn ?? [],
    })),
  });
}

describe('Plan schema', () => {
  it('parses the example of SPEC §2 and fills defaults', () => {
    const parsed = Plan.parse({
      summary: 'Add login and signup',
      tasks: [
        {
          id: 't1',
          title: 'Auth API endpoints',
          kind: 'implementation',
          prompt: 'what the executor must do, self-contained',
          files: ['src/auth/api.ts'],
          acceptance: ['POST /login returns a session'],
          dependsOn: [],
          requiresIsolation: false,
          size: 'm',
        },
      ],
    });
    expect(parsed.tasks[0]?.id).toBe('t1');
    expect(
      Plan.parse({ summary: 's', tasks: [{ id: 'a', title: 'A', kind: 'docs', prompt: 'p', size: 's' }] })
        .tasks[0],
    ).toMatchObject({
      files: [],
      acceptance: [],
      dependsOn: [],
      requiresIsolation: false,
    });
  });

  it('refuses unknown kinds, sizes and unsafe ids', () => {
    const base = { id: 't1', title: 'A', kind: 'implementation', prompt: 'p', size: 'm' };
    expect(Plan.safeParse({ summary: 's', tasks: [{ ...base, kind: 'deploy' }] }).success).toBe(false);
    expect(Plan.safeParse({ summary: 's', tasks: [{ ...base, size: 'xl' }] }).success).toBe(false);
    expect(Plan.safeParse({ summary: 's', tasks: [{ ...base, id: '../etc' }] }).success).toBe(false);
    expect(Plan.safeParse({ summary: 's', tasks: [] }).success).toBe(false);
  });
});

describe('checkPlan', () => {
  it('accepts a DAG and orders it topologically', () => {
    const p = plan([{ id: 'c', dependsOn: ['a', 'b'] }, { id: 'a' }, { id: 'b', dependsOn: ['a'] }]);
    expect(checkPlan(p, 6).ok).toBe(true);
    expect(topologicalOrder(p)).toEqual(['a', 'b', 'c']);
  });

  it('reports duplicates, unknown and self dependencies, cycles and size together', () => {
    const p = plan([
      { id: 'a', dependsOn: ['b'] },
      { id: 'b', dependsOn: ['c'] },
      { id: 'c', dependsOn: ['a'] },
      { id: 'd', dependsOn: ['zz', 'd'] },
      { id: 'd' },
    ]);
    const result = checkPlan(p, 3);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        'the plan has 5 tasks; at most 3 are allowed (max-subtasks)',
        'task id "d" is used more than once',
        'task "d" depends on "zz", which is not a task of this plan',
        'task "d" depends on itself',
        'the dependencies form a cycle: a -> b -> c -> a',
      ]),
    );
  });
});

describe('ExecutorRegistry', () => {
  const executor = (): TaskExecutor => {
    throw new Error('not created in this test');
  };

  const capabilities = {
    needsRunner: false,
    detaches: true,
    honoursCostCap: false,
    resumesWithEvidence: true,
    tracing: false,
    mcpServers: false,
  };
  const descriptor = (name: string, needsRunner: boolean): ExecutorDescriptor => ({
    name,
    label: name,
    capabilities: { ...capabilities, needsRunner },
    availability: () => ({ ok: true }),
    expectedCostUsd: () => 1,
    create: executor,
  });

  it('registers executors by name, in order, and refuses duplicates', () => {
    const registry = new ExecutorRegistry()
      .register(descriptor('claude-code', true))
      .register(descriptor('codegen', false));
    expect(registry.names()).toEqual(['claude-code', 'codegen']);
    expect(registry.descriptors().map((d) => d.capabilities.needsRunner)).toEqual([true, false]);
    expect(() => registry.register(descriptor('codegen', false))).toThrow(/already registered/);
    expect(() => registry.require('openai')).toThrow(
      /no executor named "openai" is registered \(registered: claude-code, codegen\)/,
    );
  });

  it('keeps why an executor cannot run, until one of that name registers', () => {
    const registry = new ExecutorRegistry().registerUnavailable(
      { name: 'codegen', label: 'Codegen', capabilities },
      'Codegen is not configured',
    );
    expect(registry.get('codegen')).toBeUndefined();
    expect(registry.unavailable()).toEqual([
      { identity: { name: 'codegen', label: 'Codegen', capabilities }, reason: 'Codegen is not configured' },
    ]);
    expect(registry.identity('codegen')?.label).toBe('Codegen');
    registry.register(descriptor('codegen', false));
    expect(registry.unavailable()).toEqual([]);
    expect(registry.get('codegen')?.label).toBe('codegen');
  });
});

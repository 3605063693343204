import { describe, expect, it } from 'vitest';
import { findCycle, type Plan } from '../../src/domain/index.js';
import { checkAnswer, orderOverlappingTasks, planJsonSchema } from '../../src/planner/index.js';

const task = (id: string, files: string[], dependsOn: string[] = []): Plan['tasks'][number] => ({
  id,
  title: id,
  kind: 'implementation',
  prompt: `do ${id}`,
  files,
  acceptance: [],
  dependsOn,
  requiresIsolation: false,
  size: 's',
});

describe('orderOverlappingTasks', () => {
  it('orders tasks whose files overlap, directories included, and leaves others parallel', () => {
    const plan: Plan = {
      summary: 's',
      tasks: [task('a', ['src/auth/']), task('b', ['./src/auth/api.ts']), task('c', ['docs/readme.md'])],
    };
    const { plan: ordered, added } = orderOverlappingTasks(plan);
    expect(ordered.tasks.map((t) => t.dependsOn)).toEqual([[], ['a'], []]);
    expect(added).toEqual([{ task: 'b', dependsOn: 'a', files: ['src/auth/api.ts'] }]);
  });

  it('follows existing dependencies, so it never creates a cycle or a redundant edge', () => {
    // a waits for b already; both touch x.ts. A naive a→b edge would close a cycle.
    const plan: Plan = {
      summary: 's',
      tasks: [task('a', ['x.ts'], ['b']), task('b', ['x.ts']), task('c', ['x.ts'], ['a'])],
    };
    const { plan: ordered, added } = orderOverlappingTasks(plan);
    expect(added).toEqual([]);
    expect(findCycle(ordered)).toBeNull();
  });

  it('chains several tasks on one file without cycles', () => {
    const plan: Plan = { summary: 's', tasks: [task('a', ['f']), task('b', ['f']), task('c', ['f'])] };
    const { plan: ordered } = orderOverlappingTasks(plan);
    expect(findCycle(ordered)).toBeNull();
    expect(ordered.tasks.map((t) => t.dependsOn)).toEqual([[], ['a'], ['b']]);
  });
});

describe('checkAnswer', () => {
  it('lists every problem: unknown ids, cycles, size, empty plan, missing answer', () => {
    const tooMany = { summary: 's', tasks: [task('a', []), task('b', [], ['zz']), task('c', [], ['c'])] };
    const check = checkAnswer(tooMany, undefined, 2);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors.join('\n')).toContain('at most 2 are allowed');
    expect(check.errors.join('\n')).toContain('depends on "zz"');
    expect(check.errors.join('\n')).toContain('"c" depends on itself');
    const empty = checkAnswer({ summary: 's', tasks: [] }, undefined, 3);
    expect(empty.ok ? [] : empty.errors).toEqual(['tasks: a plan needs at least one task']);
    const none = checkAnswer(undefined, 'I think we should...', 3);
    expect(none.ok ? [] : none.errors[0]).toContain('StructuredOutput');
  });

  it('falls back to the JSON text of the result', () => {
    const plan = { summary: 's', tasks: [task('a', [])] };
    expect(checkAnswer(undefined, `\`\`\`json\n${JSON.stringify(plan)}\n\`\`\``, 3)).toMatchObject({
      ok: true,
    });
  });
});

describe('planJsonSchema', () => {
  it('is a plain object schema with every field required and the size cap', () => {
    const schema = planJsonSchema(5);
    expect(schema.$schema).toBeUndefined();
    expect(schema).toMatchObject({
      type: 'object',
      required: ['summary', 'tasks'],
      properties: { tasks: { type: 'array', minItems: 1, maxItems: 5 } },
    });
    expect(JSON.stringify(schema)).toContain('"dependsOn"');
  });
});

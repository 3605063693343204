import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

/** Every ```yaml block of a markdown text, with the line it starts on. */
function yamlBlocks(markdown: string): { line: number; text: string }[] {
  const blocks: { line: number; text: string }[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    if (!/^```ya?ml\s*$/.test(lines[i] ?? '')) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end] ?? '')) end += 1;
    blocks.push({ line: start + 1, text: lines.slice(start, end).join('\n') });
    i = end;
  }
  return blocks;
}

/** Parse errors of one YAML text, as GitHub would refuse the workflow (empty when it loads). */
function yamlErrors(text: string): string[] {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  return [...doc.errors, ...doc.warnings].map((e) => e.message);
}

interface WorkflowShape {
  on?: Record<string, unknown>;
  concurrency?: unknown;
  jobs?: Record<
    string,
    {
      concurrency?: unknown;
      if?: string;
      'timeout-minutes'?: number;
      steps?: { uses?: string; with?: Record<string, unknown> }[];
    }
  >;
}

const readme = readFileSync('README.md', 'utf8');

describe('the README’s YAML snippets load as GitHub would load them', () => {
  const blocks = yamlBlocks(readme);

  it('has the quick start, the config and the scale-out example', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
  });

  it.each(blocks.map((b) => [b.line, b.text] as const))(
    'the block at README line %i parses',
    (_line, text) => {
      expect(yamlErrors(text)).toEqual([]);
    },
  );

  it('catches what GitHub refuses: an unquoted ${{ }} in a flow mapping', () => {
    expect(yamlErrors('outputs: { matrix: ${{ steps.plan.outputs.matrix }} }')).not.toEqual([]);
    expect(yamlErrors('outputs: { matrix: "${{ steps.plan.outputs.matrix }}" }')).toEqual([]);
  });

  it('the quick start follows Actions CI with workflow_run, gates and groups on the job, and uses an App token', () => {
    const quickStart = blocks
      .map((b) => parseDocument(b.text).toJS() as WorkflowShape)
      .find((w) => w.on?.issues);
    expect(quickStart?.on?.workflow_run).toEqual({ workflows: ['CI'], types: ['completed'] });
    expect(quickStart?.concurrency).toBeUndefined();
    const job = quickStart?.jobs?.cyrus;
    expect(job?.concurrency).toMatchObject({ 'cancel-in-progress': false });
    expect(job?.if).toContain("github.event.label.name == 'cyrus'");
    expect(job?.steps?.[0]?.uses).toBe('actions/create-github-app-token@v2');
    const action = job?.steps?.find((s) => s.uses?.startsWith('cyrus/codegen-action@'));
    expect(action?.with?.['github-token']).toBe('${{ steps.app-token.outputs.token }}');
    // The App token expires after an hour: the job ends within it, and its wait before the job.
    expect(job?.['timeout-minutes']).toBeLessThanOrEqual(60);
    expect(Number(action?.with?.['wait-timeout-minutes'])).toBeLessThan(job?.['timeout-minutes'] ?? 0);
  });
});

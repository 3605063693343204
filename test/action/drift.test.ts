import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { INPUT_NAMES } from '../../src/action/inputs.js';

interface Manifest {
  runs: { using: string; main: string };
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
}

const manifest = parse(readFileSync('action.yml', 'utf8')) as Manifest;
const readme = readFileSync('README.md', 'utf8');

/** Rows of the markdown table under a `## heading`, as cells. */
function tableUnder(heading: string): string[][] {
  const section = readme.split(/^## /m).find((s) => s.startsWith(`${heading}\n`));
  if (!section) throw new Error(`README has no "## ${heading}" section`);
  return section
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) =>
      l
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
}

/** action.yml keeps file-overridable defaults in the description (a `default:` would always win). */
function effectiveDefault(input: { description: string; default?: string }): string {
  if (input.default !== undefined) return `\`${input.default}\``;
  return /Default: (.*?)(?: \(or .*\))?\.?$/.exec(input.description)?.[1]?.replace(/\.$/, '') ?? '';
}

describe('README, action.yml and the code agree', () => {
  it('action.yml runs dist/index.js on node24', () => {
    expect(manifest.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('the code reads exactly the inputs action.yml declares', () => {
    expect([...INPUT_NAMES].sort()).toEqual(Object.keys(manifest.inputs).sort());
  });

  it('the README inputs table matches action.yml: names, descriptions, defaults', () => {
    const rows = tableUnder('Inputs').map(([name = '', description = '', defaultValue = '']) => [
      name.replace(/`/g, ''),
      description,
      defaultValue,
    ]);
    const expected = Object.entries(manifest.inputs).map(([name, input]) => [
      name,
      input.description.replace(/ Default: .*$/, ''),
      effectiveDefault(input),
    ]);
    expect(rows).toEqual(expected);
  });

  it('the README outputs table matches action.yml and SPEC §3', () => {
    const rows = tableUnder('Outputs').map(([name = '', description = '']) => [
      name.replace(/`/g, ''),
      description,
    ]);
    expect(rows).toEqual(
      Object.entries(manifest.outputs).map(([name, output]) => [name, output.description]),
    );
    expect(Object.keys(manifest.outputs)).toEqual([
      'status',
      'linear-issue',
      'plan',
      'matrix',
      'pull-requests',
      'total-cost-usd',
      'summary',
    ]);
  });

  it('every input and output has a description', () => {
    for (const [name, input] of Object.entries({ ...manifest.inputs, ...manifest.outputs })) {
      expect(input.description.length, name).toBeGreaterThan(10);
    }
  });
});

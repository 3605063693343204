import { describe, expect, it } from 'vitest';
import { progressPrinter, wallTimeNote } from '../../demo/progress.js';

describe("the demo's progress lines", () => {
  it('groups become indented blocks; debug lines and masks are left out; commands read as text', () => {
    const printer = progressPrinter(() => '4.2 s');
    const out = [
      '::add-mask::ghs_secret',
      'Trigger: issues → mode run',
      '::group::Planning ENG-1',
      '::debug::claude --print ...',
      'planner: ENG-1 → 3 task(s)',
      '::endgroup::',
      '::warning::Codegen refused: 402%0Afalling back',
      '::error title=x::it failed 100%25',
      '',
    ].flatMap((l) => printer.line(l));
    expect(out).toEqual([
      '    Trigger: issues → mode run',
      '  ▾ Planning ENG-1 (4.2 s)',
      '      planner: ENG-1 → 3 task(s)',
      '    ⚠ Codegen refused: 402 ⏎ falling back',
      '    ✗ it failed 100%',
    ]);
    expect(out.join('\n')).not.toContain('ghs_secret');
  });

  it('long lines are cut to 150 characters', () => {
    const [line] = progressPrinter(() => '0 s').line('x'.repeat(400));
    expect(line).toHaveLength(150);
    expect(line?.endsWith('…')).toBe(true);
  });

  it('explains the summary’s Wall time next to the action’s and the demo’s own time', () => {
    const note = wallTimeNote('### Totals\n\n- Wall time: 13s\n', 26.94, 28.9);
    expect(note).toContain('"Wall time: 13s" is the tasks\' own span');
    expect(note).toContain('The action as a whole ran 26.9 s');
    expect(note).toContain('This demo took 28.9 s in all');
    expect(wallTimeNote('no totals', 1, 2)).toContain('no task ran');
  });
});

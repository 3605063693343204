import { describe, expect, it } from 'vitest';
import {
  executorNames,
  importCycles,
  moduleOf,
  occurrences,
  oversizedFiles,
  readSources,
  type SourceFiles,
} from './rules.js';

/**
 * Today's offenders, each with why it is still here. Other branches are changing these files;
 * the lead empties these lists after merging them. An entry that no longer offends fails the test,
 * so the lists only shrink.
 */
const OVERSIZED_ALLOWED: Record<string, string> = {};

/** Module sets (`a, b`) that import each other. None today; keep it that way. */
const MODULE_CYCLES_ALLOWED: Record<string, string> = {};

/** Files that import each other, as the cycle's files (`a, b`). */
const FILE_CYCLES_ALLOWED: Record<string, string> = {};

/** Files where code still names an executor or location. */
const EXECUTOR_NAMES_ALLOWED: Record<string, string> = {
  'src/ledger/stats.ts':
    "`local`/`cloud` are the words `cyrus stats` prints (Local: n | Cloud: n) for work on the runner and elsewhere, read from each attempt's onRunner; no executor is named",
  'src/modes/work.ts':
    'the planner is Claude Code by design (it is not an executor plugin): its missing credential is named',
};

const MAX_LINES = 300;
/** Where executor names must not appear: strategies, runtime, reports and stats. */
const EXECUTOR_NEUTRAL = /^src\/(orchestrator|modes|report)\/|^src\/ledger\/stats\.ts$/;

/** What `found` holds beyond `allowed`, and which allowed entries no longer offend. */
function againstAllowList(found: readonly string[], allowed: Record<string, string>) {
  const present = new Set(found);
  return {
    unexpected: [...present].filter((key) => !(key in allowed)),
    stale: Object.keys(allowed).filter((key) => !present.has(key)),
  };
}

const files = (entries: Record<string, string>): SourceFiles => new Map(Object.entries(entries));
const lines = (n: number) => `${'const x = 1;\n'.repeat(n)}`;

/**
 * Asserts that every finding is allowed and every allowed key still offends. A finding is keyed
 * (a file, a set of modules) and shown (with its line count, its cycle, its line).
 */
function expectOnlyAllowed(
  findings: readonly { key: string; shown: string }[],
  allowed: Record<string, string>,
  what: { fix: string; list: string },
): void {
  const result = againstAllowList(
    findings.map((f) => f.key),
    allowed,
  );
  expect(
    findings.filter((f) => result.unexpected.includes(f.key)).map((f) => f.shown),
    what.fix,
  ).toEqual([]);
  expect(result.stale, `no longer offends: remove from ${what.list}`).toEqual([]);
}

describe('the source tree', () => {
  const sources = readSources(process.cwd());

  it(`has no file over ${MAX_LINES} lines`, () => {
    expectOnlyAllowed(
      oversizedFiles(sources, MAX_LINES).map((f) => ({ key: f.path, shown: `${f.path}: ${f.lines} lines` })),
      OVERSIZED_ALLOWED,
      { fix: 'split these files', list: 'OVERSIZED_ALLOWED' },
    );
  });

  it('has no import cycle between modules (folders of src/)', () => {
    expectOnlyAllowed(
      importCycles(sources).map((c) => ({ key: c.modules, shown: c.cycle })),
      MODULE_CYCLES_ALLOWED,
      { fix: 'modules that import each other', list: 'MODULE_CYCLES_ALLOWED' },
    );
  });

  it('has no import cycle between files', () => {
    expectOnlyAllowed(
      importCycles(sources, (path) => path).map((c) => ({ key: c.modules, shown: c.cycle })),
      FILE_CYCLES_ALLOWED,
      { fix: 'files that import each other', list: 'FILE_CYCLES_ALLOWED' },
    );
  });

  it('points at no spec section the repository does not have', () => {
    expect(occurrences(sources, 'SPEC §'), 'say what the rule is instead').toEqual([]);
  });

  it('names no executor or location in strategies, runtime, reports and stats', () => {
    const scoped = new Map([...sources].filter(([path]) => EXECUTOR_NEUTRAL.test(path)));
    expectOnlyAllowed(
      executorNames(scoped).map((hit) => ({ key: hit.split(':')[0] ?? hit, shown: hit })),
      EXECUTOR_NAMES_ALLOWED,
      { fix: 'use the executor descriptor instead', list: 'EXECUTOR_NAMES_ALLOWED' },
    );
  });
});

describe('the structure checks themselves', () => {
  it('find a file over the limit, and only that one', () => {
    const tree = files({ 'src/a/big.ts': lines(301), 'src/a/ok.ts': lines(300) });
    expect(oversizedFiles(tree, 300)).toEqual([{ path: 'src/a/big.ts', lines: 301 }]);
  });

  it('find a cycle between modules, with its path, through index files and type imports', () => {
    const tree = files({
      'src/a/index.ts': "export { f } from './f.js';",
      'src/a/f.ts': "import type { G } from '../b/index.js';\nexport const f = 1;",
      'src/b/index.ts': "export type { G } from './g.js';",
      'src/b/g.ts': "import { h } from '../c/h.js';\nexport type G = number;",
      'src/c/h.ts': "import { f } from '../a/index.js';\nexport const h = f;",
      'src/d/free.ts': "import { f } from '../a/index.js';",
    });
    expect(importCycles(tree)).toEqual([{ modules: 'a, b, c', cycle: 'a -> b -> c -> a' }]);
    expect(moduleOf('src/orchestrator/strategies/x.ts')).toBe('orchestrator');
  });

  it('find a cycle between two files of one module, and none where imports only go one way', () => {
    const cyclic = files({
      'src/l/gateway.ts': "import { map } from './mapping.js';",
      'src/l/mapping.ts': "import type { Gateway } from './gateway.js';",
    });
    expect(importCycles(cyclic, (p) => p).map((c) => c.cycle)).toEqual([
      'src/l/gateway.ts -> src/l/mapping.ts -> src/l/gateway.ts',
    ]);
    const oneWay = files({
      'src/l/gateway.ts': "import { map } from './mapping.js';\n// import { x } from './types.js';",
      'src/l/mapping.ts': "import type { T } from './types.js';",
      'src/l/types.ts': "/* import { map } from './mapping.js'; */ export type T = 1;",
    });
    expect(importCycles(oneWay, (p) => p)).toEqual([]);
  });

  it('find a SPEC § pointer by file and line', () => {
    expect(occurrences(files({ 'src/a.ts': 'const a = 1;\n// see SPEC §4\n' }), 'SPEC §')).toEqual([
      'src/a.ts:2',
    ]);
  });

  it('find executor names in code, and not in comments or in longer words', () => {
    const tree = files({
      'src/orchestrator/x.ts': [
        "const where = 'cloud';",
        'const name = "claude-code";',
        'const message = `Codegen is down`;',
        '// Codegen runs in the cloud, see https://codegen.com',
        "/* 'local' in a block comment */ const url = 'https://x/y'; // 'command'",
        "const client: CodegenClient = make('localhost');",
        "const text = 'Claude Code ran';",
        "const quote = /['\"]/g; const where2 = 'local';",
        "const half = a / 2; const b = c / 3; // 'cloud'",
      ].join('\n'),
    });
    expect(executorNames(tree)).toEqual([
      "src/orchestrator/x.ts:1: 'cloud'",
      "src/orchestrator/x.ts:2: 'claude-code'",
      'src/orchestrator/x.ts:3: Codegen',
      'src/orchestrator/x.ts:7: Claude Code',
      "src/orchestrator/x.ts:8: 'local'",
    ]);
  });

  it('report allowed entries that no longer offend as stale', () => {
    expect(againstAllowList(['a', 'b'], { a: 'why', c: 'why' })).toEqual({ unexpected: ['b'], stale: ['c'] });
  });
});

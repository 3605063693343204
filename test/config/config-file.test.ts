import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfigText } from '../../src/config/index.js';

/** The error lines a bad file produces, for assertions on paths and wording. */
function problemsOf(text: string, name = '.github/cyrus.yml'): string[] {
  try {
    parseConfigText(text, name);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  throw new Error('expected the config to be refused');
}

describe('valid config files', () => {
  it('loads the design block as written', () => {
    const config = parseConfigText(
      `codegen:
  enabled: true
  orgId: 1234
  strategy: hybrid-smart
  maxCostPerTask: 1.0
  maxCostPerDay: 50.0
  features: { parallelExecution: true, useMcpServers: true, enableTracing: true }
`,
      'cyrus.yml',
    );
    expect(config.codegen).toEqual({
      enabled: true,
      orgId: 1234,
      strategy: 'hybrid-smart',
      maxCostPerTask: 1,
      maxCostPerDay: 50,
      features: { parallelExecution: true, useMcpServers: true, enableTracing: true },
    });
  });

  it('loads a Cyrus-style JSON file with repositories and a codegen block', () => {
    const config = parseConfigText(
      JSON.stringify({
        repositories: [
          {
            id: 'main',
            name: 'web',
            repositoryPath: '/srv/web',
            allowedTools: ['Read(**)', 'Edit(**)'],
            isActive: true,
          },
        ],
        codegen: {
          enabled: true,
          orgId: 7,
          strategy: 'cost-optimized',
          maxCostPerTask: 2,
          maxCostPerDay: 20,
        },
      }),
      'cyrus.json',
    );
    expect(config.repositories?.[0]?.allowedTools).toEqual(['Read(**)', 'Edit(**)']);
    expect(config.codegen?.strategy).toBe('cost-optimized');
  });

  it('accepts a quoted numeric org id and returns it as a number', () => {
    expect(parseConfigText('codegen:\n  orgId: "42"\n', 'c.yml').codegen?.orgId).toBe(42);
  });

  it('finds .github/cyrus.json when there is no YAML file, and uses defaults when there is none', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cfg-'));
    expect((await loadConfigFile(dir)).file).toBeNull();
    mkdirSync(path.join(dir, '.github'));
    writeFileSync(path.join(dir, '.github/cyrus.json'), '{"trigger": {"label": "ai"}}');
    const loaded = await loadConfigFile(dir);
    expect(loaded.file).toBe('.github/cyrus.json');
    expect(loaded.config.trigger?.label).toBe('ai');
  });

  it('refuses an explicitly named config file that does not exist', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cfg-'));
    await expect(loadConfigFile(dir, 'ci/missing.yml')).rejects.toThrow(
      /ci\/missing\.yml[\s\S]*does not exist/,
    );
  });
});

describe('invalid config files: every problem names the key path, the expectation and what was found', () => {
  const cases: [name: string, text: string, expected: RegExp][] = [
    [
      'orgId of the wrong type',
      'codegen:\n  orgId: my-org\n',
      /^codegen\.orgId: expected a positive whole number.*found "my-org"/,
    ],
    [
      'unknown strategy',
      'codegen:\n  strategy: fastest\n',
      /^codegen\.strategy: expected one of "local-only", "cloud-only".*found "fastest"/,
    ],
    [
      'negative cost per task',
      'codegen:\n  maxCostPerTask: -1\n',
      /^codegen\.maxCostPerTask: expected a number ≥ 0, found -1/,
    ],
    [
      'non-numeric daily cost',
      'codegen:\n  maxCostPerDay: lots\n',
      /^codegen\.maxCostPerDay: expected a number, found "lots"/,
    ],
    [
      'per-task cost above the daily cost',
      'codegen:\n  maxCostPerTask: 60\n  maxCostPerDay: 50\n',
      /^codegen\.maxCostPerTask: must not be above codegen\.maxCostPerDay \(50\), found 60/,
    ],
    [
      'unknown key with a suggestion',
      'codegen:\n  stratgy: hybrid-smart\n',
      /^codegen\.stratgy: unknown key; did you mean "strategy"\?/,
    ],
    [
      'unknown top-level section with a suggestion',
      'codgen:\n  enabled: true\n',
      /^codgen: unknown key; did you mean "codegen"\?/,
    ],
    [
      'enabled as a string',
      'codegen:\n  enabled: "yes"\n',
      /^codegen\.enabled: expected a boolean, found "yes"/,
    ],
    [
      'features as a list',
      'codegen:\n  features: [parallelExecution]\n',
      /^codegen\.features: expected a mapping of keys to values, found a list/,
    ],
    [
      'unknown Linear trigger key',
      'linear:\n  triggers:\n    delegate: true\n',
      /^linear\.triggers\.delegate: unknown key; did you mean "delegated"\?/,
    ],
    [
      'a Linear team that is not a team key',
      'linear:\n  teams: ["ENG-1"]\n',
      /^linear\.teams\.0: expected a Linear team key such as ENG, found "ENG-1"/,
    ],
    [
      'unknown feature flag',
      'codegen:\n  features:\n    parallelExecutoin: true\n',
      /^codegen\.features\.parallelExecutoin: unknown key; did you mean "parallelExecution"\?/,
    ],
    [
      'fractional maxParallel',
      'concurrency:\n  maxParallel: 2.5\n',
      /^concurrency\.maxParallel: expected a whole number, found 2\.5/,
    ],
    [
      'zero maxSubtasks',
      'planner:\n  maxSubtasks: 0\n',
      /^planner\.maxSubtasks: expected a number > 0, found 0/,
    ],
    [
      'allowedTools not a list',
      'claude:\n  allowedTools: Read\n',
      /^claude\.allowedTools: expected a list, found "Read"/,
    ],
    [
      'empty trigger label',
      'trigger:\n  label: ""\n',
      /^trigger\.label: expected at least 1 character\(s\), found ""/,
    ],
    [
      'unknown dependency gate',
      'concurrency:\n  dependencyGate: approved\n',
      /^concurrency\.dependencyGate: expected one of "green", "merged", found "approved"/,
    ],
    [
      'negative fix attempts',
      'validation:\n  fixAttempts: -2\n',
      /^validation\.fixAttempts: expected a number ≥ 0, found -2/,
    ],
    ['empty file', '   \n', /the file is empty/],
    [
      'a list at the top level',
      '- codegen\n',
      /expected a mapping of settings at the top level, found a list/,
    ],
    [
      'YAML syntax error with its line',
      'codegen:\n  enabled: true\n  strategy: [local-only\n',
      /^line \d+, column \d+: YAML syntax error/,
    ],
    [
      'duplicate key',
      'codegen:\n  enabled: true\n  enabled: false\n',
      /^line 3, column 3: YAML syntax error: Map keys must be unique/,
    ],
    [
      'pricing with a negative price',
      'codegen:\n  pricing:\n    perRunUsd: -0.5\n',
      /^codegen\.pricing\.perRunUsd: expected a number ≥ 0, found -0\.5/,
    ],
  ];

  it.each(cases)('%s', (_name, text, expected) => {
    const problems = problemsOf(text);
    expect(
      problems.some((p) => expected.test(p)),
      problems.join('\n'),
    ).toBe(true);
  });

  it('has at least 15 distinct bad configs', () => {
    expect(new Set(cases.map((c) => c[1])).size).toBeGreaterThanOrEqual(15);
  });

  it('reports every problem of a file at once', () => {
    const problems = problemsOf('codegen:\n  strategy: nope\n  maxCostPerDay: -3\ntrigger:\n  lable: x\n');
    expect(problems).toHaveLength(3);
  });

  it('gives the line of a JSON syntax error', () => {
    const problems = problemsOf('{\n  "codegen": {\n    "enabled": true,\n  }\n}', 'cyrus.json');
    expect(problems[0]).toMatch(/^line 4, column \d+: JSON syntax error/);
  });

  it('says which file it was in the error message', () => {
    expect(() => parseConfigText('codegen:\n  strategy: x\n', '.github/cyrus.yml')).toThrow(
      /^\.github\/cyrus\.yml is not a valid/,
    );
  });
});

describe('secrets in a committed file are refused', () => {
  it.each([
    ['codegen.apiToken', 'codegen:\n  apiToken: codegen_token_abc\n'],
    [
      'repositories.0.linearToken',
      'repositories:\n  - id: main\n    linearToken: lin_api_0123456789abcdef\n',
    ],
    [
      'claude.anthropicApiKey (unknown key, still a secret)',
      'claude:\n  anthropicApiKey: sk-ant-api03-xxxxxxxxxxxx\n',
    ],
    [
      'a GitHub token under any key',
      'repositories:\n  - id: main\n    note: ghp_0123456789abcdefghijABCDEFGHIJ\n',
    ],
  ])('%s', (_name, text) => {
    const problems = problemsOf(text);
    expect(problems[0]).toMatch(/must not be written in a committed file; .*repository secret/);
    // The value itself never appears in the error.
    expect(problems.join('\n')).not.toMatch(/codegen_token_abc|lin_api_0123|sk-ant-api03|ghp_0123/);
  });

  it('points a Codegen token at the codegen-api-token input and a Linear token at linear-api-key', () => {
    expect(problemsOf('codegen:\n  apiToken: abc\n')[0]).toContain('`codegen-api-token` input');
    expect(problemsOf('repositories:\n  - linearToken: abc\n')[0]).toContain('`linear-api-key` input');
  });
});

describe('a config file that is a symlink', () => {
  it('is refused without reading what it points at', async () => {
    const { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { loadConfigFile } = await import('../../src/config/index.js');
    const dir = mkdtempSync(join(tmpdir(), 'cyrus-config-link-'));
    const secret = join(dir, 'environ');
    writeFileSync(secret, 'GITHUB_TOKEN=ghs_symlinkedSecret0123456789\n: [');
    mkdirSync(join(dir, '.github'));
    symlinkSync(secret, join(dir, '.github', 'cyrus.yml'));
    const error = await loadConfigFile(dir).catch((e: unknown) => e);
    expect(String(error)).toContain('is a symlink');
    expect(String(error)).not.toContain('ghs_symlinkedSecret');
  });
});

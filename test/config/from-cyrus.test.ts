import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../../src/config/index.js';
import { parseConfigText } from '../../src/config/load.js';

/** The design's own example configs, verbatim (test/fixtures/cyrus-design/README.md says from where). */
const DESIGN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'cyrus-design');
const minimal = readFileSync(path.join(DESIGN, 'minimal.json'), 'utf8');
const withCodegen = readFileSync(path.join(DESIGN, 'with-codegen.json'), 'utf8');

/** with-codegen.json's `"repositories": [{ ... }]` means the minimal config's repositories. */
const combined = withCodegen.replace(
  '"repositories": [{ ... }],',
  `"repositories": ${JSON.stringify((JSON.parse(minimal) as { repositories: unknown }).repositories)},`,
);

function problems(text: string): string[] {
  try {
    parseConfigText(text, '.github/cyrus.json');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

/** README "From a Cyrus setup", steps 2-3: tokens out of the file, the org id as Codegen's number. */
function migrate(text: string, orgId: number): string {
  const config = JSON.parse(text) as {
    repositories: Record<string, unknown>[];
    codegen?: Record<string, unknown>;
  };
  for (const repository of config.repositories) delete repository.linearToken;
  if (config.codegen) {
    delete config.codegen.apiToken;
    config.codegen.orgId = orgId;
  }
  return JSON.stringify(config, null, 2);
}

describe('From a Cyrus setup: the design example configs', () => {
  it('as written, each is refused with what to change: tokens to secrets, the org id a number', () => {
    expect(problems(minimal)).toEqual([
      expect.stringMatching(
        /^repositories\.0\.linearToken: a token or API key must not be written in a committed file.*`linear-api-key` input \(for example `\$\{\{ secrets\.LINEAR_API_KEY \}\}`\)$/,
      ),
    ]);
    const found = problems(combined);
    expect(found).toContainEqual(
      expect.stringMatching(/^repositories\.0\.linearToken: .*secrets\.LINEAR_API_KEY/),
    );
    expect(found).toContainEqual(expect.stringMatching(/^codegen\.apiToken: .*`codegen-api-token` input/));
    // With the tokens out, Codegen's org id: a number (the design's "my-org-id" is a placeholder).
    const withoutTokens = JSON.parse(combined) as {
      repositories: Record<string, unknown>[];
      codegen: Record<string, unknown>;
    };
    delete withoutTokens.repositories[0]?.linearToken;
    delete withoutTokens.codegen.apiToken;
    expect(problems(JSON.stringify(withoutTokens))).toEqual([
      'codegen.orgId: expected a positive whole number (Codegen ids are integers), found "my-org-id" (string)',
    ]);
  });

  it('migrated, the minimal Cyrus config loads as local-only with its allowedTools', () => {
    const file = parseConfigText(migrate(minimal, 0), '.github/cyrus.json');
    const resolved = resolveConfig(file, {}, { repository: 'acme/main', hasCodegenToken: false });
    expect(resolved.strategy).toBe('local-only');
    expect(resolved.claude.allowedTools).toEqual(['Read(**)', 'Edit(**)', 'Bash(git:*)']);
    expect(resolved.codegen.configured).toBe(false);
  });

  it('migrated, the Codegen example keeps its strategy, budgets and features; the token comes from the input', () => {
    const file = parseConfigText(migrate(combined, 1234), '.github/cyrus.json');
    const resolved = resolveConfig(file, {}, { repository: 'acme/main', hasCodegenToken: true });
    expect(resolved.strategy).toBe('hybrid-smart');
    expect(resolved.strategyReason).toBe('set by codegen.strategy in the config file');
    expect(resolved.codegen).toMatchObject({ enabled: true, configured: true, orgId: 1234 });
    expect(resolved.budget).toEqual({ maxCostPerTask: 1, maxCostPerDay: 50 });
    expect(resolved.codegen.features.parallelExecution).toBe(true);
    expect(resolved.claude.allowedTools).toEqual(['Read(**)', 'Edit(**)', 'Bash(git:*)']);
    // Without the codegen-api-token input, hybrid-smart still runs, everything locally.
    expect(
      resolveConfig(file, {}, { repository: 'acme/main', hasCodegenToken: false }).codegen.configured,
    ).toBe(false);
  });
});

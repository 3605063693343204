import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BUILD_TIMEOUT_MS, cliBundle, runCli, tempDir } from '../cli/helpers/cli.js';
import {
  CLAUDE_INSTALL_TIMEOUT_MS,
  installClaudeForTests,
  TEST_ANTHROPIC_KEY,
} from '../standins/anthropic/index.js';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';
import { mergeWorld } from '../standins/github/merge-state.js';
import type { RepoRecord } from '../standins/github/state.js';

/** `cyrus status` with a merge policy: whether the repository and the token let validated PRs land. */
describe('cyrus status for a configured merge policy', () => {
  let gh: GitHubStandIn;
  let repo: RepoRecord;
  let claude: string;
  beforeAll(
    async () => {
      cliBundle();
      claude = await installClaudeForTests();
      gh = await startGitHubStandIn();
      repo = gh.state.addRepo({ owner: 'acme', repo: 'widgets' });
      gh.state.addToken('ghs_admin', 'acme', { kind: 'fine-grained-pat' });
    },
    Math.max(CLI_BUILD_TIMEOUT_MS, CLAUDE_INSTALL_TIMEOUT_MS),
  );
  afterAll(() => gh?.close());

  const status = (config: string, token = 'ghs_test') => {
    const dir = tempDir('cyrus-merge-status-');
    mkdirSync(path.join(dir, '.github'), { recursive: true });
    writeFileSync(path.join(dir, '.github', 'cyrus.yml'), config);
    return runCli(['status'], {
      cwd: dir,
      env: {
        GITHUB_TOKEN: token,
        GITHUB_API_URL: gh.url,
        GITHUB_REPOSITORY: 'acme/widgets',
        ANTHROPIC_API_KEY: TEST_ANTHROPIC_KEY,
        CLAUDE_PATH: claude,
      },
    });
  };

  it('merge off (the default) adds no line', async () => {
    const run = await status('codegen:\n  enabled: false\n');
    expect(run.stdout).not.toContain('Merge policy');
  });

  it('a review that branch protection requires and auto-merge off: ❌ with what to change', async () => {
    mergeWorld(repo).protection.set('main', {
      requiredApprovingReviews: 1,
      requiredChecks: [],
      strict: false,
    });
    mergeWorld(repo).settings.allowAutoMerge = false;
    const run = await status('codegen:\n  enabled: false\nmerge: auto\n', 'ghs_admin');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '❌ Merge policy: main requires 1 approving review(s), which the action cannot give, and auto-merge is off',
    );
    expect(run.stdout).toContain('turn on Settings → General → Pull Requests → "Allow auto-merge"');
  });

  it('auto-merge on: ready, saying a person approves each PR; a token without administration is told what it cannot see', async () => {
    mergeWorld(repo).settings.allowAutoMerge = true;
    const admin = await status('codegen:\n  enabled: false\nmerge: auto\n', 'ghs_admin');
    expect(admin.stdout).toContain('✅ Merge policy: Ready');
    expect(admin.stdout).toContain(
      'main requires 1 approving review(s): a person approves each PR, then GitHub merges it',
    );
    const bot = await status('codegen:\n  enabled: false\nmerge: auto\n');
    expect(bot.stdout).toContain('✅ Merge policy: Ready');
    expect(bot.stdout).toContain(
      "cannot read main's protection with this token (it needs administration: read)",
    );
  });

  it('merge: queue without a merge queue: ❌ naming the branch and the fix', async () => {
    const run = await status('codegen:\n  enabled: false\nmerge: { policy: queue, method: squash }\n');
    expect(run.stdout).toContain('❌ Merge policy: merge: queue, but main has no merge queue');
    expect(run.stdout).toContain('add a merge queue to main in a branch ruleset, or set merge: auto');
  });
});

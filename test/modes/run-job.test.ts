import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigFile, resolveConfig } from '../../src/config/index.js';
import { Ledger, LocalDirectoryStore } from '../../src/ledger/index.js';
import { type JobSettings, parseJobSettings, runJob } from '../../src/modes/index.js';
import { UserError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { OWNER, REPO, startWorld, type World } from '../e2e/world.js';
import { GH_TOKEN } from '../executors/local/fixture.js';
import { testClock } from '../helpers/fixed-time.js';
import {
  CLAUDE_INSTALL_TIMEOUT_MS,
  makeClaudeHome,
  TEST_ANTHROPIC_KEY,
} from '../standins/anthropic/index.js';

let world: World;
let home: string;
beforeAll(async () => {
  world = await startWorld();
  home = await makeClaudeHome();
}, CLAUDE_INSTALL_TIMEOUT_MS);
afterAll(() => world?.close());

/** Typed settings written out by hand: no input strings, no runner variables anywhere. */
function settingsFor(issue: number, over: Partial<JobSettings>): JobSettings {
  return parseJobSettings({
    mode: 'plan',
    issue: String(issue),
    dryRun: true,
    trigger: { event: 'test', payload: {} },
    repository: { owner: OWNER, repo: REPO },
    config: resolveConfig(
      ConfigFile.parse({}),
      { strategy: 'hybrid-smart', codegenOrgId: 42 },
      { repository: `${OWNER}/${REPO}`, hasCodegenToken: true },
    ),
    configSource: {},
    credentials: {
      githubToken: GH_TOKEN,
      githubApiUrl: world.github.url,
      serverUrl: world.github.url,
      linearApiUrl: 'https://api.linear.app/graphql',
      codegenApiToken: 'cg_test_token',
      codegenApiUrl: world.codegen.url,
      claude: { anthropicApiKey: TEST_ANTHROPIC_KEY },
      claudePath: world.claude,
    },
    workspace: world.workspace,
    scratch: world.runnerTemp,
    run: { id: 'typed-run-1' },
    ledger: { kind: 'state-branch' },
    ...over,
  });
}

/** The environment the planner's `claude` is built from: the stand-in's Messages API. */
const childEnv = () => ({
  PATH: process.env.PATH ?? '',
  HOME: home,
  ANTHROPIC_BASE_URL: world.anthropic.url,
  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
});

describe('runJob: the typed core, called directly', () => {
  it('plans and prices a dry run from typed settings, writing nothing', async () => {
    const issue = world.github.state.addIssue(OWNER, REPO, {
      title: 'Greeting',
      body: 'Add it.',
      labels: [],
    });
    const before = world.github.requests.length;
    const logger = new MemoryLogger();
    const result = await runJob(settingsFor(issue.number, {}), {
      clock: testClock(),
      logger,
      env: childEnv(),
    });
    expect(result.failure, logger.lines.map((l) => l.message).join('\n')).toBeUndefined();
    expect(result.outputs.status).toBe('success');
    expect(result.outputs.matrix?.include.map((m) => m.task)).toEqual(['api', 'docs']);
    expect(result.report.strategy?.name).toBe('hybrid-smart');
    expect(result.report.trigger).toMatchObject({ event: 'test', mode: 'plan' });
    const estimates = result.report.work?.estimates ?? {};
    expect(estimates.api).toMatchObject({ executor: 'codegen', usd: 0.5 });
    expect(estimates.docs).toMatchObject({ executor: 'claude-code', usd: 0.25 });
    expect(world.github.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(world.codegen.stats.byRoute.create).toBe(0);
  }, 180_000);

  it('records the plan in the ledger the settings name, claimed by the settings run id', async () => {
    const issue = world.github.state.addIssue(OWNER, REPO, {
      title: 'Recorded',
      body: 'Add it.',
      labels: [],
    });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'typed-ledger-'));
    const clock = testClock();
    const before = world.github.requests.length;
    const result = await runJob(
      settingsFor(issue.number, { dryRun: false, ledger: { kind: 'directory', path: dir } }),
      { clock, logger: new MemoryLogger(), env: childEnv() },
    );
    expect(result.failure).toBeUndefined();
    const identifier = result.report.issue?.identifier ?? '';
    const record = await new Ledger(new LocalDirectoryStore(dir, clock), clock).readIssue(identifier);
    expect(record?.claimedBy.runId).toBe('typed-run-1');
    expect(record?.plan?.tasks.map((t) => t.id)).toEqual(['api', 'docs']);
    // The state branch was not the ledger: nothing was written to GitHub.
    expect(world.github.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
  }, 180_000);

  it('a failure is in the result, never thrown: a mode that needs an issue without one', async () => {
    const result = await runJob(settingsFor(1, { mode: 'run', issue: undefined }), {
      clock: testClock(),
      logger: new MemoryLogger(),
    });
    expect(result.report.status).toBe('failure');
    expect(result.failure).toContain('Mode "run" needs an issue');
    expect(result.outputs.status).toBe('failure');
  });
});

describe('parseJobSettings: bad settings name what to fix', () => {
  it("names the field through the front end's own names", () => {
    const attempt = () =>
      settingsFor(1, {
        credentials: { ...settingsFor(1, {}).credentials, linearApiUrl: 'ftp://linear.example' },
        ledger: { kind: 'directory', path: 'relative/dir' },
      });
    expect(attempt).toThrow(UserError);
    expect(attempt).toThrow(/credentials\.linearApiUrl: expected an http\(s\) URL/);
    expect(attempt).toThrow(/ledger\.path: an absolute path/);
    expect(() =>
      parseJobSettings(
        { ...settingsFor(1, {}), credentials: { ...settingsFor(1, {}).credentials, codegenApiUrl: 'nope' } },
        (field) => (field === 'credentials.codegenApiUrl' ? 'CODEGEN_API_URL' : field),
      ),
    ).toThrow(/CODEGEN_API_URL: expected an http\(s\) URL/);
  });
});

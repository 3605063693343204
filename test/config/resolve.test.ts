import { describe, expect, it } from 'vitest';
import { parseConfigText, resolveConfig } from '../../src/config/index.js';

const noCodegen = { hasCodegenToken: false };

describe('resolveConfig: inputs over file over defaults', () => {
  it('uses the defaults of SPEC §3 with no file and no inputs', () => {
    const config = resolveConfig(parseConfigText('{}', 'c.json'), {}, noCodegen);
    expect(config.strategy).toBe('local-only');
    expect(config.strategyReason).toBe('default: Codegen is not configured');
    expect(config.trigger).toEqual({ label: 'cyrus', allowedBots: ['linear[bot]', 'linear-code[bot]'] });
    expect(config.planner.maxSubtasks).toBe(6);
    expect(config.concurrency).toMatchObject({ maxParallel: 4, wait: true, waitTimeoutMinutes: 60 });
    expect(config.validation.fixAttempts).toBe(2);
    expect(config.sweep.maxIssues).toBe(5);
    expect(config.ledger.stateBranch).toBe('cyrus-state');
  });

  it('looks in no Linear team unless told; teams are upper-cased, both triggers on by default', () => {
    const none = resolveConfig(parseConfigText('{}', 'c.json'), {}, noCodegen);
    expect(none.linear.teams).toEqual([]);
    const set = resolveConfig(
      parseConfigText('linear:\n  teams: [eng, Ops]\n  triggers: { delegated: false }\n', 'c.yml'),
      {},
      noCodegen,
    );
    expect(set.linear.teams).toEqual(['ENG', 'OPS']);
    expect(set.linear.triggers).toEqual({ label: true, delegated: false, allowedUsers: [] });
  });

  it('defaults to hybrid-parallel when Codegen is configured (org id and token)', () => {
    const config = resolveConfig(
      parseConfigText('codegen:\n  orgId: 5\n', 'c.yml'),
      {},
      { hasCodegenToken: true },
    );
    expect(config.strategy).toBe('hybrid-parallel');
    expect(config.codegen.configured).toBe(true);
  });

  it('keeps local-only when Codegen is disabled even with a token', () => {
    const config = resolveConfig(
      parseConfigText('codegen:\n  enabled: false\n  orgId: 5\n', 'c.yml'),
      {},
      { hasCodegenToken: true },
    );
    expect(config.strategy).toBe('local-only');
  });

  it('lets the file override defaults and inputs override the file', () => {
    const file = parseConfigText(
      'codegen:\n  orgId: 5\n  strategy: hybrid-smart\n  maxCostPerDay: 50\ntrigger:\n  label: ai\nconcurrency:\n  maxParallel: 2\n',
      'c.yml',
    );
    const fromFile = resolveConfig(file, {}, { hasCodegenToken: true });
    expect([
      fromFile.strategy,
      fromFile.trigger.label,
      fromFile.concurrency.maxParallel,
      fromFile.budget.maxCostPerDay,
    ]).toEqual(['hybrid-smart', 'ai', 2, 50]);
    const fromInputs = resolveConfig(
      file,
      { strategy: 'cost-optimized', triggerLabel: 'bot', maxParallel: 8, maxCostPerDay: 10, codegenOrgId: 9 },
      { hasCodegenToken: true },
    );
    expect([
      fromInputs.strategy,
      fromInputs.trigger.label,
      fromInputs.concurrency.maxParallel,
      fromInputs.budget.maxCostPerDay,
    ]).toEqual(['cost-optimized', 'bot', 8, 10]);
    expect(fromInputs.codegen.orgId).toBe(9);
    expect(fromInputs.strategyReason).toBe('set by the `strategy` input');
  });

  it('refuses an input per-task budget above the file daily budget', () => {
    const file = parseConfigText('codegen:\n  maxCostPerDay: 5\n', 'c.yml');
    expect(() => resolveConfig(file, { maxCostPerTask: 6 }, noCodegen)).toThrow(
      /per-task budget \(\$6\) is above the daily budget \(\$5\)/,
    );
  });

  it('refuses cloud-only without Codegen credentials and says what is missing', () => {
    expect(() =>
      resolveConfig(parseConfigText('{}', 'c.json'), { strategy: 'cloud-only' }, noCodegen),
    ).toThrow(/needs Codegen, but no org id .*no token/);
  });

  it('forces one task at a time when parallelExecution is off', () => {
    const file = parseConfigText('codegen:\n  features: { parallelExecution: false }\n', 'c.yml');
    expect(resolveConfig(file, { maxParallel: 5 }, noCodegen).concurrency.maxParallel).toBe(1);
  });

  it("applies the matching Cyrus repository's allowedTools", () => {
    const file = parseConfigText(
      JSON.stringify({
        repositories: [
          { id: 'a', name: 'api', githubUrl: 'https://github.com/acme/api', allowedTools: ['Read(**)'] },
          { id: 'b', name: 'web', githubUrl: 'https://github.com/acme/web.git', allowedTools: ['Edit(**)'] },
        ],
      }),
      'c.json',
    );
    expect(resolveConfig(file, {}, { ...noCodegen, repository: 'acme/web' }).claude.allowedTools).toEqual([
      'Edit(**)',
    ]);
    expect(resolveConfig(file, {}, { ...noCodegen, repository: 'acme/api' }).claude.allowedTools).toEqual([
      'Read(**)',
    ]);
  });
});

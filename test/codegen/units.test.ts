import { describe, expect, it } from 'vitest';
import { CircuitBreaker, SlidingWindowLimiter } from '../../src/codegen/index.js';
import {
  buildCodegenPrompt,
  buildFollowUpPrompt,
  estimateCodegenCost,
  expectedCodegenCost,
  parsePullRequestUrl,
  pullRequestTitle,
  runMetadata,
} from '../../src/executors/codegen/index.js';
import { InstantClock, makeContext } from './helpers.js';

describe('prompt builder', () => {
  const context = makeContext(new InstantClock(), { baseBranch: 'cyrus/eng-123-t0' });

  it('spells out goal, acceptance, files, base branch, exact branch and the PR title', () => {
    const prompt = buildCodegenPrompt('Add the endpoints.', context);
    expect(prompt).toContain('acme/widgets');
    expect(prompt).toContain('## Goal\nAdd the endpoints.');
    expect(prompt).toContain('- POST /login returns a session');
    expect(prompt).toContain('- src/auth/api.ts');
    expect(prompt).toContain('Start from the branch `cyrus/eng-123-t0`');
    expect(prompt).toContain('named exactly `cyrus/eng-123-t1`');
    expect(prompt).toContain('into `cyrus/eng-123-t0`');
    expect(prompt).toContain(`titled exactly "${pullRequestTitle(context)}"`);
    expect(pullRequestTitle(context)).toContain('ENG-123');
    expect(prompt).toContain('Refs ENG-123');
  });

  it('falls back to the task prompt and leaves out empty sections', () => {
    const bare = makeContext(new InstantClock(), { task: { ...context.task, files: [], acceptance: [] } });
    const prompt = buildCodegenPrompt('  ', bare);
    expect(prompt).toContain(bare.task.prompt);
    expect(prompt).not.toContain('Acceptance criteria');
    expect(prompt).not.toContain('Files you are expected');
  });

  it('tags runs with issue, task, attempt and ledger key', () => {
    expect(runMetadata(context)).toMatchObject({
      issue: 'ENG-123',
      task: 't1',
      attempt: 1,
      ledgerKey: 'ENG-123/t1/1',
    });
  });

  it('follow-ups keep the branch', () => {
    expect(buildFollowUpPrompt('Fix lint.', context)).toMatch(
      /Fix lint\.[\s\S]*same branch `cyrus\/eng-123-t1`/,
    );
  });
});

describe('cost estimate', () => {
  it('is always marked as an estimate, with its basis', () => {
    expect(estimateCodegenCost({ perRunUsd: 0.5, perMinuteUsd: 0.1 }, 12 * 60_000)).toEqual({
      usd: 1.7,
      estimated: true,
      basis: 'estimate: $0.50 per run + $0.10/min × 12.0 min (Codegen reports no cost)',
    });
    expect(estimateCodegenCost({ perRunUsd: 0, perMinuteUsd: 0.05 }, 60_000).basis).toBe(
      'estimate: $0.05/min × 1.0 min (Codegen reports no cost)',
    );
    expect(estimateCodegenCost({ perRunUsd: 0.5, perMinuteUsd: 0 }, null)).toMatchObject({
      usd: 0,
      estimated: true,
    });
    expect(expectedCodegenCost({ perRunUsd: 0.5, perMinuteUsd: 0.01 }, 'l')).toMatchObject({
      usd: 0.9,
      estimated: true,
    });
  });
});

describe('PR URLs', () => {
  it('parses github.com and stand-in URLs', () => {
    expect(parsePullRequestUrl('https://github.com/acme/widgets/pull/12')).toEqual({
      owner: 'acme',
      repo: 'widgets',
      number: 12,
    });
    expect(parsePullRequestUrl('http://127.0.0.1:5555/acme/widgets/pull/3/')).toEqual({
      owner: 'acme',
      repo: 'widgets',
      number: 3,
    });
    expect(parsePullRequestUrl('not a url')).toBeUndefined();
    expect(parsePullRequestUrl('https://github.com/acme/widgets/issues/3')).toBeUndefined();
  });
});

describe('SlidingWindowLimiter', () => {
  it('lets through at most `limit` per window, first come first served, counting from the answer', async () => {
    const clock = new InstantClock(0);
    const limiter = new SlidingWindowLimiter('t', { limit: 3, windowMs: 10_000 }, clock);
    const granted: [number, number][] = [];
    await Promise.all(
      Array.from({ length: 7 }, async (_, i) => {
        const release = await limiter.acquire();
        granted.push([i, clock.now()]);
        clock.advance(1_000); // the answer takes a second
        release();
      }),
    );
    expect(granted.map(([i]) => i)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const times = granted.map(([, t]) => t);
    for (const t of times)
      expect(times.filter((u) => u > t - 10_000 && u <= t).length).toBeLessThanOrEqual(3);
  });

  it('waits out a 429 pause and gives up when the signal aborts', async () => {
    const clock = new InstantClock(0);
    const limiter = new SlidingWindowLimiter('t', { limit: 1, windowMs: 1_000 }, clock);
    limiter.pauseUntil(5_000);
    (await limiter.acquire())();
    expect(clock.now()).toBe(5_000);
    const hold = await limiter.acquire();
    expect(limiter.tryAcquire()).toBeUndefined();
    const aborted = AbortSignal.abort(new Error('deadline'));
    await expect(limiter.acquire(aborted)).rejects.toThrow('deadline');
    hold();
  });
});

describe('CircuitBreaker', () => {
  it('opens after the threshold, lets one probe through after the cooldown, closes on success', () => {
    const clock = new InstantClock(0);
    const breaker = new CircuitBreaker(clock, { failureThreshold: 2, cooldownMs: 1_000 });
    breaker.recordFailure('a');
    expect(breaker.state).toBe('closed');
    breaker.recordFailure('b');
    expect(breaker.state).toBe('open');
    expect(breaker.tryPass()).toBe(false);
    clock.advance(1_000);
    expect(breaker.tryPass()).toBe(true);
    expect(breaker.tryPass()).toBe(false); // one probe at a time
    breaker.recordFailure('c');
    expect(breaker.state).toBe('open');
    clock.advance(1_000);
    expect(breaker.tryPass()).toBe(true);
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
  });
});

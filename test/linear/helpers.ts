import { afterEach, beforeEach, expect } from 'vitest';
import { createLinearClient, type LinearGatewayOptions, SdkLinearGateway } from '../../src/linear/index.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { InstantClock } from '../helpers/instant-clock.js';
import {
  type LinearStandIn,
  type LinearStandInOptions,
  startLinearStandIn,
  TEST_API_KEY,
} from '../standins/linear/index.js';
import type { IssueRecord, TeamRecord } from '../standins/linear/world.js';

export const GITHUB_ISSUE_URL = 'https://github.com/acme/widgets/issues/12';

export interface LinearTestContext {
  standIn: LinearStandIn;
  clock: InstantClock;
  logger: MemoryLogger;
  gateway: SdkLinearGateway;
  team: TeamRecord;
  /** ENG-1, synced with GITHUB_ISSUE_URL. */
  issue: IssueRecord;
  newGateway(options?: Partial<LinearGatewayOptions> & { credential?: string }): SdkLinearGateway;
}

/**
 * A stand-in per test with a seeded world (team ENG, issue ENG-1 synced with a GitHub issue) and a
 * gateway over the real SDK. After every test: no document the schema rejects was sent.
 */
export function useLinearStandIn(options: LinearStandInOptions = {}): LinearTestContext {
  const ctx = {} as LinearTestContext;
  beforeEach(async () => {
    ctx.clock = new InstantClock();
    ctx.logger = new MemoryLogger();
    ctx.standIn = await startLinearStandIn({ clock: ctx.clock, ...options });
    ctx.team = ctx.standIn.world.addTeam('ENG', { name: 'Engineering' });
    ctx.issue = ctx.standIn.world.addIssue({
      team: ctx.team,
      title: 'Add login and signup',
      description: 'Users need accounts.',
      state: 'Todo',
      labels: [ctx.standIn.world.addLabel('cyrus')],
      githubUrl: GITHUB_ISSUE_URL,
    });
    ctx.newGateway = (extra = {}) => {
      const { credential, ...rest } = extra;
      return new SdkLinearGateway({
        client: createLinearClient({ credential: credential ?? TEST_API_KEY, apiUrl: ctx.standIn.url }),
        clock: ctx.clock,
        logger: ctx.logger,
        random: () => 0.5,
        timeoutMs: 5_000,
        ...rest,
      });
    };
    ctx.gateway = ctx.newGateway();
  });
  afterEach(async () => {
    const invalid = [...ctx.standIn.invalidQueries];
    await ctx.standIn.close();
    expect(invalid, 'documents the Linear schema rejects').toEqual([]);
  });
  return ctx;
}

export { InstantClock };

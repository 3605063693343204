import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText, resolveConfig } from '../../src/config/index.js';
import { createGitHubClient, OctokitGitHubGateway } from '../../src/github/index.js';
import { type IssueRecord, Ledger, LocalDirectoryStore } from '../../src/ledger/index.js';
import { ProgressReporter } from '../../src/modes/reporter.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { InstantClock } from '../helpers/instant-clock.js';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';

const OWNER = 'acme';
const REPO = 'idle';

let github: GitHubStandIn;
beforeAll(async () => {
  github = await startGitHubStandIn();
  github.state.addRepo({ owner: OWNER, repo: REPO });
});
afterAll(() => github.close());

function setup(number: number) {
  const clock = new InstantClock(Date.UTC(2026, 0, 15, 12));
  const ledger = new Ledger(
    new LocalDirectoryStore(mkdtempSync(path.join(os.tmpdir(), 'reporter-')), clock),
    clock,
  );
  const gateway = new OctokitGitHubGateway(
    createGitHubClient({ token: 'ghs_test', baseUrl: github.url, throttleId: `reporter-${number}` }),
    { owner: OWNER, repo: REPO },
  );
  const ref = { identifier: `#${number}`, title: 'Idle', githubIssueNumber: number };
  const config = resolveConfig(parseConfigText('{}', 'c.json'), {}, { hasCodegenToken: false });
  const reporter = (found?: IssueRecord) =>
    new ProgressReporter({
      work: { ref, body: '' },
      github: gateway,
      linear: undefined,
      ledger,
      config,
      clock,
      logger: new MemoryLogger(),
      reportedAsOf: found?.updatedAt,
    });
  return { ledger, ref, reporter, clock };
}

const running = (r: IssueRecord): IssueRecord => ({
  ...r,
  status: 'waiting',
  tasks: { t: { id: 't', title: 'T', state: 'running', attempts: [], updatedAt: r.updatedAt } },
});

describe('the tracking comment of an issue a job finds unchanged', () => {
  it('is not edited again by a job that changed nothing (an idle issue in a sweep), and is by one that did', async () => {
    const issue = github.state.addIssue(OWNER, REPO, { title: 'Idle', labels: ['cyrus'] });
    const { ledger, ref, reporter, clock } = setup(issue.number);
    await ledger.claimIssue(ref, 'run-1');
    const first = await ledger.updateIssue(ref.identifier, running);
    await reporter().finish(first);
    const comments = () =>
      github.state.repo(OWNER, REPO)?.comments.filter((c) => c.issueNumber === issue.number) ?? [];
    expect(comments()).toHaveLength(1);

    // The next job finds the record as the last one left it and changes nothing: no request.
    const found = await ledger.readIssue(ref.identifier);
    if (!found) throw new Error('the record is missing');
    const before = github.requests.length;
    await reporter(found).finish(found);
    expect(github.requests.slice(before)).toEqual([]);

    // A job that did change the record reports it, editing the same comment.
    clock.advance(60_000);
    const changed = await ledger.updateIssue(ref.identifier, (r) => ({ ...r, status: 'succeeded' }));
    const edits = github.requests.length;
    await reporter(found).finish(changed);
    expect(github.requests.slice(edits).map((r) => r.method)).toEqual(['PATCH']);
    expect(comments()).toHaveLength(1);
  });
});

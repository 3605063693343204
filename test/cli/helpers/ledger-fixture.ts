import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { IssueRecord, issueFileName, SpendRecord } from '../../../src/ledger/index.js';

const DAY = 24 * 60 * 60_000;
const MINUTE = 60_000;

interface AttemptSpec {
  executor: 'claude-code' | 'codegen';
  status: 'succeeded' | 'failed' | 'running';
  /** Days before now the attempt started. */
  daysAgo: number;
  minutes?: number;
  usd?: number;
  estimated?: boolean;
  fallbackFrom?: string;
}

interface TaskSpec {
  id: string;
  state: 'succeeded' | 'failed' | 'running' | 'pending';
  attempts: AttemptSpec[];
}

/**
 * A moment on the day `daysAgo` days before now (UTC), never after now on today: halfway through
 * the part of the day that has passed, so a run just after midnight stays on the right day.
 */
function startOf(daysAgo: number, nowMs: number): number {
  const midnight = (ms: number) => Date.parse(`${new Date(ms).toISOString().slice(0, 10)}T00:00:00Z`);
  return midnight(nowMs - daysAgo * DAY) + Math.floor((nowMs - midnight(nowMs)) / 2);
}

/** One issue record, validated by the ledger's own schema. */
export function issue(identifier: string, strategy: string, tasks: TaskSpec[], nowMs: number): IssueRecord {
  const iso = (ms: number) => new Date(ms).toISOString();
  return IssueRecord.parse({
    schema: 1,
    issue: { identifier, title: `Issue ${identifier}` },
    claimedBy: { runId: '1', at: iso(nowMs - 90 * DAY) },
    status: 'running',
    strategy,
    tasks: Object.fromEntries(
      tasks.map((t) => [
        t.id,
        {
          id: t.id,
          title: `Task ${t.id}`,
          state: t.state,
          attempts: t.attempts.map((a, i) => {
            const start = startOf(a.daysAgo, nowMs) + i * 1000;
            return {
              number: i + 1,
              executor: a.executor,
              dispatchKey: `${identifier}/${t.id}/${i + 1}`,
              sessionId: `s-${i}`,
              status: a.status,
              startedAt: iso(start),
              ...(a.status === 'running' ? {} : { finishedAt: iso(start + (a.minutes ?? 5) * MINUTE) }),
              ...(a.usd === undefined ? {} : { costUsd: a.usd, costEstimated: a.estimated ?? false }),
              ...(a.fallbackFrom ? { fallbackFrom: a.fallbackFrom } : {}),
            };
          }),
          updatedAt: iso(nowMs),
        },
      ]),
    ),
    tracking: {},
    createdAt: iso(nowMs - 90 * DAY),
    updatedAt: iso(nowMs),
  });
}

export function spend(daysAgo: number, committed: number[], nowMs: number): SpendRecord {
  const date = new Date(nowMs - daysAgo * DAY).toISOString().slice(0, 10);
  return SpendRecord.parse({
    schema: 1,
    date,
    reservations: Object.fromEntries(
      committed.map((usd, i) => [
        `k${i}`,
        { usd, issue: 'ENG-1', task: `t${i}`, at: `${date}T01:00:00.000Z`, settledUsd: usd },
      ]),
    ),
  });
}

/**
 * A ledger with every kind of event: local and cloud successes, a cloud → local fallback, a cloud
 * retry that failed, a task still running, an undispatched task, and work outside each period.
 * In the last 7 days: 5 tasks (local 3, cloud 2), 3 succeeded and 1 failed (75%), $2.50,
 * 1 fallback, 1 retry, 7 attempts.
 */
export function sampleLedger(nowMs: number): { issues: IssueRecord[]; spend: SpendRecord[] } {
  return {
    issues: [
      issue(
        'ENG-1',
        'hybrid-smart',
        [
          {
            id: 't1',
            state: 'succeeded',
            attempts: [{ executor: 'claude-code', status: 'succeeded', daysAgo: 0, minutes: 3, usd: 0.4 }],
          },
          {
            id: 't2',
            state: 'succeeded',
            attempts: [
              {
                executor: 'codegen',
                status: 'succeeded',
                daysAgo: 0,
                minutes: 12,
                usd: 0.5,
                estimated: true,
              },
            ],
          },
          {
            id: 't3',
            state: 'succeeded',
            attempts: [
              { executor: 'codegen', status: 'failed', daysAgo: 1, minutes: 1, usd: 0, estimated: true },
              {
                executor: 'claude-code',
                status: 'succeeded',
                daysAgo: 1,
                minutes: 7,
                usd: 0.6,
                fallbackFrom: 'codegen',
              },
            ],
          },
          { id: 't4', state: 'pending', attempts: [] },
        ],
        nowMs,
      ),
      issue(
        'ENG-2',
        'cost-optimized',
        [
          {
            id: 't1',
            state: 'failed',
            attempts: [
              { executor: 'codegen', status: 'failed', daysAgo: 3, minutes: 20, usd: 0.5, estimated: true },
              { executor: 'codegen', status: 'failed', daysAgo: 3, minutes: 15, usd: 0.5, estimated: true },
            ],
          },
          {
            id: 't2',
            state: 'running',
            attempts: [{ executor: 'claude-code', status: 'running', daysAgo: 0 }],
          },
        ],
        nowMs,
      ),
      issue(
        'ENG-3',
        'hybrid-smart',
        [
          {
            id: 't1',
            state: 'succeeded',
            attempts: [{ executor: 'claude-code', status: 'succeeded', daysAgo: 20, usd: 1 }],
          },
        ],
        nowMs,
      ),
      issue(
        'ENG-4',
        'cloud-only',
        [
          {
            id: 't1',
            state: 'succeeded',
            attempts: [{ executor: 'codegen', status: 'succeeded', daysAgo: 60, usd: 0.5, estimated: true }],
          },
        ],
        nowMs,
      ),
    ],
    spend: [spend(0, [0.4, 0.5], nowMs), spend(1, [0.6, 0.6], nowMs), spend(3, [0.5, 0.5], nowMs)],
  };
}

/** Writes a ledger as the local directory store lays it out. */
export function writeLedgerDir(dir: string, ledger: { issues: IssueRecord[]; spend: SpendRecord[] }): void {
  mkdirSync(path.join(dir, 'issues'), { recursive: true });
  mkdirSync(path.join(dir, 'spend'), { recursive: true });
  for (const record of ledger.issues) {
    writeFileSync(
      path.join(dir, issueFileName(record.issue.identifier)),
      `${JSON.stringify(record, null, 2)}\n`,
    );
  }
  for (const record of ledger.spend) {
    writeFileSync(path.join(dir, 'spend', `${record.date}.json`), `${JSON.stringify(record, null, 2)}\n`);
  }
}

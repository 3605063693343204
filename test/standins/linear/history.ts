import { randomUUID } from 'node:crypto';
import type { IssueRecord, LabelRecord, UserRecord } from './world.js';

/** One entry of an issue's history: who changed what (labels, delegation). */
export interface HistoryRecord {
  id: string;
  issueId: string;
  createdAt: string;
  /** Null for an integration or automation (then `botActor` says which). */
  actorId: string | null;
  botActor?: { name: string; type: string } | null;
  addedLabelIds?: string[];
  toDelegateId?: string | null;
}

/** Who makes a change: a user, or an integration such as an automation. */
export type ChangeActor = { userId: string } | { bot: { name: string; type: string } };

/** What the log needs of the world: its time and the key's user. */
interface HistoryWorld {
  now(): string;
  readonly viewer: UserRecord;
}

/** Issue history as Linear keeps it: each change with its actor, listed newest first. */
export class IssueHistoryLog {
  private readonly entries: HistoryRecord[] = [];

  constructor(private readonly world: HistoryWorld) {}

  /** Applies `label` to `issue` as `by` would in Linear's UI: the history records who. */
  applyLabel(issue: IssueRecord, label: LabelRecord, by: ChangeActor): void {
    if (!issue.labelIds.includes(label.id)) issue.labelIds.push(label.id);
    this.record(issue, by, { addedLabelIds: [label.id] });
  }

  /** Delegates `issue` to `to`, which must be an app (or the key's own user, standing in for one). */
  delegateIssue(issue: IssueRecord, to: UserRecord, by: ChangeActor): void {
    if (!to.app && to.id !== this.world.viewer.id) throw new Error(`stand-in: ${to.name} is not an app`);
    issue.delegateId = to.id;
    this.record(issue, by, { toDelegateId: to.id });
  }

  /** Newest first, as Linear lists an issue's history. */
  of(issueId: string): HistoryRecord[] {
    return this.entries.filter((h) => h.issueId === issueId).reverse();
  }

  private record(issue: IssueRecord, by: ChangeActor, change: Partial<HistoryRecord>): void {
    this.entries.push({
      id: randomUUID(),
      issueId: issue.id,
      createdAt: this.world.now(),
      actorId: 'userId' in by ? by.userId : null,
      botActor: 'bot' in by ? by.bot : null,
      ...change,
    });
    issue.updatedAt = this.world.now();
  }
}

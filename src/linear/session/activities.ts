import type { IssueRecord, TaskRecord } from '../../ledger/index.js';

/**
 * The activity content shapes of Linear's Agents API (AgentActivity*Content in the schema): what
 * `agentActivityCreate` takes as `content`, with `type` naming which one it is.
 */
export type SessionActivity =
  | { type: 'thought'; body: string }
  | { type: 'action'; action: string; parameter: string; result?: string }
  | { type: 'error'; body: string }
  | { type: 'response'; body: string };

/** A step of the session's plan: Linear renders the list as a checklist beside the stream. */
export type PlanStepStatus = 'pending' | 'inProgress' | 'completed' | 'canceled';
export interface SessionPlan {
  steps: { content: string; status: PlanStepStatus }[];
}

export interface ExternalUrl {
  label: string;
  url: string;
}

/**
 * What happened between two versions of an issue's record, as activities in the order they
 * happened. `before` undefined is the first record this job saw: it opens the job's stream.
 */
export function activitiesBetween(before: IssueRecord | undefined, after: IssueRecord): SessionActivity[] {
  if (!before) return opening(after);
  return Object.values(after.tasks).flatMap((task) => taskActivities(before.tasks[task.id], task));
}

/**
 * A job's first word: a fresh plan is stated in full; a plan an earlier job started is only
 * named (its dispatches, PRs and verdicts are in the session already, from that job).
 */
function opening(record: IssueRecord): SessionActivity[] {
  const plan = record.plan;
  if (!plan) return [];
  const tasks = Object.values(record.tasks);
  if (tasks.some((t) => t.attempts.length > 0 || t.state !== 'pending')) {
    const done = tasks.filter((t) => t.state === 'succeeded').length;
    return [
      {
        type: 'thought',
        body: `Continuing the recorded plan: ${done} of ${plan.tasks.length} task(s) done.`,
      },
    ];
  }
  return [
    { type: 'thought', body: `Planned ${record.issue.identifier}: ${plan.summary}` },
    {
      type: 'action',
      action: 'Plan',
      parameter: `${plan.tasks.length} task(s)${record.strategy ? ` with ${record.strategy}` : ''}`,
      result: plan.tasks
        .map(
          (t) => `- ${t.id}: ${t.title}${t.dependsOn.length > 0 ? ` (after ${t.dependsOn.join(', ')})` : ''}`,
        )
        .join('\n'),
    },
  ];
}

function taskActivities(before: TaskRecord | undefined, after: TaskRecord): SessionActivity[] {
  const out: SessionActivity[] = [];
  for (const attempt of after.attempts.slice(before?.attempts.length ?? 0)) {
    out.push(
      attempt.fallbackFrom
        ? {
            type: 'action',
            action: 'Fall back',
            parameter: `${after.id}: ${attempt.fallbackFrom} → ${attempt.executor}`,
            result: after.executorReason,
          }
        : {
            type: 'action',
            action: 'Dispatch',
            parameter: `${after.id} → ${attempt.executor} (attempt ${attempt.number})`,
            result: after.executorReason,
          },
    );
  }
  if (after.pullRequest && after.pullRequest.url !== before?.pullRequest?.url) {
    out.push({
      type: 'action',
      action: 'Pull request',
      parameter: after.pullRequest.url,
      result: `${after.id}: ${after.pullRequest.title ?? after.title}`,
    });
  }
  if (after.state === before?.state) return out;
  const why = after.note ?? after.attempts.at(-1)?.failure?.message;
  switch (after.state) {
    case 'succeeded':
      out.push({
        type: 'action',
        action: 'Verdict',
        parameter: after.id,
        result: `passed${after.checks?.summary ? `: ${after.checks.summary}` : ''}`,
      });
      break;
    case 'failed':
      out.push({ type: 'error', body: `Task ${after.id} failed${why ? `: ${why}` : ''}` });
      break;
    case 'deferred':
      out.push({ type: 'error', body: `Task ${after.id} not started${why ? `: ${why}` : ''}` });
      break;
    case 'held':
      out.push({ type: 'thought', body: `Task ${after.id} held${why ? `: ${why}` : ''}` });
      break;
    default:
      break;
  }
  return out;
}

const STEP_STATUS: Record<TaskRecord['state'], PlanStepStatus> = {
  pending: 'pending',
  running: 'inProgress',
  pr_open: 'inProgress',
  succeeded: 'completed',
  failed: 'canceled',
  held: 'canceled',
  deferred: 'pending',
};

/** The session's plan: one step per task of the DAG, in plan order, with the task's state. */
export function sessionPlanOf(record: IssueRecord): SessionPlan | undefined {
  if (!record.plan) return undefined;
  return {
    steps: record.plan.tasks.map((t) => {
      const state = record.tasks[t.id]?.state ?? 'pending';
      const suffix = ['failed', 'held', 'deferred'].includes(state) ? ` (${state})` : '';
      return { content: `${t.title}${suffix}`, status: STEP_STATUS[state] };
    }),
  };
}

/** The links the session shows: this job's workflow run and every task's PR. */
export function externalUrlsOf(record: IssueRecord, runUrl: string | undefined): ExternalUrl[] {
  const urls: ExternalUrl[] = runUrl ? [{ label: 'Workflow run', url: runUrl }] : [];
  for (const t of Object.values(record.tasks)) {
    if (t.pullRequest) urls.push({ label: `PR #${t.pullRequest.number}: ${t.id}`, url: t.pullRequest.url });
  }
  return urls;
}

/** The last word of a job: what came of each task, with its PR; who stopped it, if someone did. */
export function finalResponse(record: IssueRecord, stoppedBy?: string): SessionActivity {
  const tasks = Object.values(record.tasks);
  const done = tasks.filter((t) => t.state === 'succeeded').length;
  const head = stoppedBy
    ? `Stopped by ${stoppedBy}: ${done} of ${tasks.length} task(s) done; nothing new was started.`
    : done === tasks.length
      ? `Done: all ${tasks.length} task(s) succeeded.`
      : `${done} of ${tasks.length} task(s) succeeded (${record.status}).`;
  const lines = tasks.map(
    (t) =>
      `- ${t.id}: ${t.state}${t.pullRequest ? ` — ${t.pullRequest.url}` : ''}${t.note && t.state !== 'succeeded' ? ` (${t.note})` : ''}`,
  );
  return { type: 'response', body: [head, '', ...lines].join('\n') };
}

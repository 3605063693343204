import type { z } from 'zod';
import { UserError } from '../util/errors.js';
import { parseIssueInput, type RequestedIssue } from '../util/issue-identity.js';
import {
  CheckSuiteEvent,
  IssuesEvent,
  PullRequestEvent,
  PushEvent,
  WorkflowDispatchEvent,
  WorkflowRunEvent,
} from './payloads.js';

/** What a job is asked to do; `auto` picks from the event that fired it. */
export const MODES = ['auto', 'run', 'sweep', 'plan', 'execute', 'validate', 'reconcile'] as const;
export type Mode = (typeof MODES)[number];

export type WorkMode = Exclude<Mode, 'auto'>;

/** A labelled issue still has to pass the actor gate before work starts. */
export interface LabelTrigger {
  label: string;
  actor: string;
  actorType?: string;
}

export interface PullRequestTarget {
  number: number;
  headRef: string;
  headSha: string;
  url: string;
  fromFork: boolean;
}

export type ModeDecision =
  | {
      kind: 'work';
      mode: WorkMode;
      reason: string;
      issue?: RequestedIssue;
      labelTrigger?: LabelTrigger;
      pullRequest?: PullRequestTarget;
      headSha?: string;
    }
  | { kind: 'skip'; reason: string };

export interface ModeRequest {
  mode: Mode;
  issueInput?: string;
  triggerLabel: string;
  eventName: string;
  payload: unknown;
  /** With a merge policy other than off, merges and pushes to the base carry the landing forward. */
  mergePolicy?: 'off' | 'auto' | 'queue';
}

/**
 * The `auto` mapping from the event to a mode; an explicit mode is taken as given.
 * Anything the mapping does not cover is a skip with its reason, never an error.
 */
export function resolveMode(request: ModeRequest): ModeDecision {
  const inputIssue = request.issueInput ? parseIssue(request.issueInput) : undefined;
  if (request.mode !== 'auto') {
    return {
      kind: 'work',
      mode: request.mode,
      reason: `mode "${request.mode}" set by the \`mode\` input`,
      issue: inputIssue,
    };
  }
  switch (request.eventName) {
    case 'issues':
      return fromIssues(parse(IssuesEvent, request.payload, 'issues'), request.triggerLabel);
    case 'workflow_dispatch': {
      const event = parse(WorkflowDispatchEvent, request.payload, 'workflow_dispatch');
      const fromEvent =
        typeof event.inputs?.issue === 'string' && event.inputs.issue ? event.inputs.issue : undefined;
      const issue = inputIssue ?? (fromEvent ? parseIssue(fromEvent) : undefined);
      if (!issue) {
        throw new UserError(
          'A manual dispatch runs one issue, but no issue was given: set the `issue` input (for example `issue: ${{ inputs.issue }}`) to a Linear identifier such as ENG-123 or a GitHub issue number.',
        );
      }
      return { kind: 'work', mode: 'run', reason: 'workflow_dispatch runs the issue it names', issue };
    }
    case 'schedule':
      return {
        kind: 'work',
        mode: 'sweep',
        reason: 'a scheduled run sweeps the backlog (after reconciling work in flight)',
      };
    case 'pull_request':
    case 'pull_request_target':
      return fromPullRequest(parse(PullRequestEvent, request.payload, request.eventName), landing(request));
    case 'push':
      if (!landing(request)) return otherEvent(request.eventName);
      return fromPush(parse(PushEvent, request.payload, 'push'));
    case 'check_suite':
    case 'workflow_run': {
      const schema = request.eventName === 'check_suite' ? CheckSuiteEvent : WorkflowRunEvent;
      const event = parse(schema, request.payload, request.eventName);
      if (event.action !== 'completed') {
        return {
          kind: 'skip',
          reason: `${request.eventName}.${event.action} is not handled; only "completed" carries work forward`,
        };
      }
      const run = 'check_suite' in event ? event.check_suite : event.workflow_run;
      return {
        kind: 'work',
        mode: 'reconcile',
        reason: `${request.eventName} completed on ${run.head_sha.slice(0, 7)}`,
        headSha: run.head_sha,
      };
    }
    default:
      return otherEvent(request.eventName);
  }
}

const landing = (request: ModeRequest) => request.mergePolicy !== undefined && request.mergePolicy !== 'off';

function otherEvent(eventName: string): ModeDecision {
  return {
    kind: 'skip',
    reason: `the "${eventName}" event does not start or continue work (see the README's triggers)`,
  };
}

function fromIssues(event: IssuesEvent, triggerLabel: string): ModeDecision {
  if (event.action !== 'labeled') {
    return {
      kind: 'skip',
      reason: `issues.${event.action} does not start work; only adding the "${triggerLabel}" label does`,
    };
  }
  const label = event.label?.name ?? '';
  if (label.toLowerCase() !== triggerLabel.toLowerCase()) {
    return { kind: 'skip', reason: `label "${label}" is not the trigger label "${triggerLabel}"` };
  }
  if (event.issue.pull_request) {
    return { kind: 'skip', reason: `#${event.issue.number} is a pull request, not an issue` };
  }
  if (event.issue.state === 'closed') {
    return { kind: 'skip', reason: `issue #${event.issue.number} is closed` };
  }
  return {
    kind: 'work',
    mode: 'run',
    reason: `label "${label}" added to issue #${event.issue.number} by ${event.sender.login}`,
    issue: {
      kind: 'github',
      number: event.issue.number,
      title: event.issue.title,
      body: event.issue.body ?? '',
      url: event.issue.html_url,
    },
    labelTrigger: { label, actor: event.sender.login, actorType: event.sender.type },
  };
}

const VALIDATED_ACTIONS = new Set(['opened', 'synchronize', 'reopened']);

function fromPullRequest(event: PullRequestEvent, landing: boolean): ModeDecision {
  const closed = landing ? landingEvent(event) : undefined;
  if (closed) return closed;
  if (!VALIDATED_ACTIONS.has(event.action)) {
    return {
      kind: 'skip',
      reason: `pull_request.${event.action} needs no validation (only opened, synchronize, reopened)`,
    };
  }
  const pr = event.pull_request;
  const fromFork = pr.head.repo?.full_name !== pr.base.repo.full_name;
  if (fromFork) {
    return { kind: 'skip', reason: `PR #${pr.number} comes from a fork; nothing runs for fork PRs` };
  }
  return {
    kind: 'work',
    mode: 'validate',
    reason: `pull_request.${event.action} on PR #${pr.number}`,
    pullRequest: {
      number: pr.number,
      headRef: pr.head.ref,
      headSha: pr.head.sha,
      url: pr.html_url,
      fromFork,
    },
  };
}

/** A subtask PR merged (or closed unmerged): reconcile lands the next ones and closes the loop. */
function landingEvent(event: PullRequestEvent): ModeDecision | undefined {
  if (event.action !== 'closed') return undefined;
  const pr = event.pull_request;
  if (pr.head.repo?.full_name !== pr.base.repo.full_name)
    return { kind: 'skip', reason: `PR #${pr.number} comes from a fork; nothing runs for fork PRs` };
  return {
    kind: 'work',
    mode: 'reconcile',
    reason: `pull_request.closed: PR #${pr.number} ${pr.merged ? 'merged' : 'closed without merging'}`,
    headSha: pr.head.sha,
  };
}

/** A push to the default branch (a merge landed there) reconciles; other branches are not watched. */
function fromPush(event: PushEvent): ModeDecision {
  const base = `refs/heads/${event.repository.default_branch}`;
  if (event.ref !== base)
    return {
      kind: 'skip',
      reason: `push to ${event.ref} is not to the default branch; nothing to reconcile`,
    };
  return {
    kind: 'work',
    mode: 'reconcile',
    reason: `push to ${event.repository.default_branch} (${event.after.slice(0, 7)})`,
    headSha: event.after,
  };
}

function parseIssue(value: string): RequestedIssue {
  const target = parseIssueInput(value);
  if (!target) {
    throw new UserError(
      `The \`issue\` input "${value}" is neither a Linear identifier (ENG-123) nor a GitHub issue number (42).`,
    );
  }
  return target;
}

function parse<T extends z.ZodType>(schema: T, payload: unknown, eventName: string): z.infer<T> {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`);
  throw new UserError(
    `The ${eventName} event payload (GITHUB_EVENT_PATH) is not what GitHub sends; the runner or a test fixture is wrong.`,
    problems,
  );
}

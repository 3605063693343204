import type { ActionMeasurement } from './action-run.js';
import { round } from './stats.js';

/** GitHub's REST budget for GITHUB_TOKEN, per repository and hour. */
export const REPO_REQUESTS_PER_HOUR = 1_000;

export const ACTION_TARGETS = {
  githubRequestsPerIssue: 25,
  contentWritesPerIssue: 8,
  sweepRequestsPerIdleIssue: 2,
  /** With an app token: the session's requests on top of the key's (viewer, open, batches). */
  agentRequestsPerIssue: 8,
} as const;

/** The JSON fields of the whole-action workloads (issue 14). */
export function actionFields(m: ActionMeasurement) {
  const rest = m.run.github.rest;
  return {
    github_requests_per_issue: rest,
    github_304_per_issue: m.run.github.notModified,
    content_writes_per_issue: m.run.github.contentWrites,
    linear_requests_per_issue: m.run.linear,
    codegen_requests_per_issue: m.run.codegen.total,
    codegen_reads_per_issue: m.run.codegen.reads,
    codegen_creates_per_issue: m.run.codegen.creates,
    issues_per_hour_per_repo: Math.floor(REPO_REQUESTS_PER_HOUR / Math.max(rest, 1)),
    sweep_github_requests_per_idle_issue: round(m.sweep.github.rest / m.sweep.idleIssues, 2),
    sweep_github_304_per_idle_issue: round(m.sweep.github.notModified / m.sweep.idleIssues, 2),
    linear_requests_per_issue_app: m.appRun.linear,
    agent_session_requests_per_issue: m.appRun.agentRequests,
    agent_activities_per_issue: m.appRun.activities,
  };
}

export function actionLines(m: ActionMeasurement): string[] {
  const f = actionFields(m);
  const routes = (r: Record<string, number>) =>
    Object.entries(r)
      .sort(([, a], [, b]) => b - a)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ');
  return [
    `■ action-run: a 3-task issue through dist/index.js (mode run, hybrid-parallel, each task a Codegen run with a PR and CI): ${m.run.status}, ${round(m.run.realMs / 1000, 1)} s real`,
    `  GitHub: ${f.github_requests_per_issue} REST (${m.run.github.ledger} of them the ledger), ${f.github_304_per_issue} answered 304, ${f.content_writes_per_issue} content writes, ${m.run.github.git} git; Linear ${f.linear_requests_per_issue}; Codegen ${m.run.codegen.reads} reads, ${m.run.codegen.creates} creates`,
    `  by route: ${routes(m.run.github.byRoute)}`,
    `  one repository at ${REPO_REQUESTS_PER_HOUR} requests an hour: ${f.issues_per_hour_per_repo} issues an hour`,
    `■ action-sweep: a scheduled sweep with ${m.sweep.idleIssues} idle issues in flight: ${m.sweep.status}, ${round(m.sweep.realMs / 1000, 1)} s real`,
    `  GitHub: ${m.sweep.github.rest} REST (${f.sweep_github_requests_per_idle_issue} per idle issue), ${m.sweep.github.notModified} answered 304, ${m.sweep.github.contentWrites} content writes; Codegen ${m.sweep.codegen.reads} reads`,
    `  by route: ${routes(m.sweep.github.byRoute)}`,
    `■ action-run-app: the same issue with a Linear app token (agent session): ${m.appRun.status}; Linear ${f.linear_requests_per_issue_app} requests, ${f.agent_session_requests_per_issue} of them the session's, carrying ${f.agent_activities_per_issue} activities`,
  ];
}

export function actionVerdicts(m: ActionMeasurement) {
  const f = actionFields(m);
  return [
    {
      workload: 'action-run',
      target: 'the run succeeds',
      measured: m.run.status,
      met: m.run.status === 'success',
    },
    {
      workload: 'action-run',
      target: `≤ ${ACTION_TARGETS.githubRequestsPerIssue} GitHub REST requests per 3-task issue (304s and git excluded)`,
      measured: String(f.github_requests_per_issue),
      met: f.github_requests_per_issue <= ACTION_TARGETS.githubRequestsPerIssue,
    },
    {
      workload: 'action-run',
      target: `≤ ${ACTION_TARGETS.contentWritesPerIssue} content writes per 3-task issue`,
      measured: String(f.content_writes_per_issue),
      met: f.content_writes_per_issue <= ACTION_TARGETS.contentWritesPerIssue,
    },
    {
      workload: 'action-sweep',
      target: `≤ ${ACTION_TARGETS.sweepRequestsPerIdleIssue} GitHub REST requests per idle issue`,
      measured: String(f.sweep_github_requests_per_idle_issue),
      met: f.sweep_github_requests_per_idle_issue <= ACTION_TARGETS.sweepRequestsPerIdleIssue,
    },
    {
      workload: 'action-run-app',
      target: `≤ ${ACTION_TARGETS.agentRequestsPerIssue} agent-session requests per 3-task issue, fewer than its activities (batched)`,
      measured: `${f.agent_session_requests_per_issue} for ${f.agent_activities_per_issue} activities`,
      met:
        m.appRun.status === 'success' &&
        f.agent_session_requests_per_issue <= ACTION_TARGETS.agentRequestsPerIssue &&
        f.agent_session_requests_per_issue < f.agent_activities_per_issue,
    },
  ];
}

/** Scripted run lifecycles for the Codegen stand-in, in simulated milliseconds. */

export interface ScriptStep {
  status: string;
  /** Simulated ms after the run was created (or last resumed) at which this status begins. */
  afterMs: number;
}

/** A PR as Codegen lists it on a run (`GithubPullRequestResponse`). */
export interface StandInPullRequest {
  id: number;
  title: string | null;
  url: string | null;
  created_at: string;
  head_branch_name: string | null;
}

export interface StandInLog {
  message_type: string;
  thought?: string;
  tool_name?: string;
}

/** What the stand-in knows of a run when a script hook runs. */
export interface RunView {
  id: number;
  prompt: string;
  metadata: Record<string, unknown> | null;
  resumes: { prompt: string; at: number }[];
  pullRequests: StandInPullRequest[];
  /** The repository the run works in: `repo_id`'s, else the org's default (its first). */
  repository: string | undefined;
}

export interface RunScript {
  /** In order; the first starts at 0. The run's status is the last step whose time has come. */
  steps: ScriptStep[];
  /**
   * Runs once, when the last step is reached and before anyone sees it: what Codegen's GitHub App
   * does when the agent opens its PR. The PRs it returns are listed on the run.
   */
  onFinish?: (run: RunView) => Promise<StandInPullRequest[] | undefined> | StandInPullRequest[] | undefined;
  /** PRs listed from the last step on, without a hook. */
  pullRequests?: StandInPullRequest[];
  result?: string;
  summary?: string;
  logs?: StandInLog[];
}

export interface ScriptInput {
  id: number;
  prompt: string;
  metadata: Record<string, unknown> | null;
  /** Set for a resume: the new instructions and how many resumes came before. */
  resume?: { prompt: string; count: number };
}

export type ScriptFor = (input: ScriptInput) => RunScript;

export interface LifecycleOptions {
  /** Time in PENDING before ACTIVE. */
  queuedMs?: number;
  /** Time from creation (or resume) to the final status. */
  durationMs: number;
  final?: string;
  /** Extra statuses between ACTIVE and the final one, evenly spaced. */
  between?: string[];
  onFinish?: RunScript['onFinish'];
  pullRequests?: StandInPullRequest[];
  result?: string;
  summary?: string;
}

/** PENDING → ACTIVE → (between…) → final (COMPLETE by default). */
export function lifecycle(options: LifecycleOptions): RunScript {
  const queuedMs = Math.min(options.queuedMs ?? 5_000, options.durationMs);
  const steps: ScriptStep[] = [
    { status: 'PENDING', afterMs: 0 },
    { status: 'ACTIVE', afterMs: queuedMs },
  ];
  const between = options.between ?? [];
  const span = options.durationMs - queuedMs;
  between.forEach((status, i) => {
    steps.push({ status, afterMs: queuedMs + Math.round((span * (i + 1)) / (between.length + 1)) });
  });
  steps.push({ status: options.final ?? 'COMPLETE', afterMs: options.durationMs });
  return {
    steps,
    onFinish: options.onFinish,
    pullRequests: options.pullRequests,
    result: options.result,
    summary:
      options.summary ??
      (options.final === undefined || options.final === 'COMPLETE' ? 'Opened a pull request.' : undefined),
  };
}

/** A run that never ends: ACTIVE forever. */
export function neverEnding(): RunScript {
  return {
    steps: [
      { status: 'PENDING', afterMs: 0 },
      { status: 'ACTIVE', afterMs: 5_000 },
    ],
  };
}

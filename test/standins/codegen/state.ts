import type { Clock } from '../../../src/util/clock.js';
import {
  lifecycle,
  type RunScript,
  type RunView,
  type ScriptFor,
  type StandInPullRequest,
} from './script.js';

export interface StandInRepo {
  id: number;
  name: string;
  full_name: string;
}

export interface StandInRun extends RunView {
  organizationId: number;
  /** Simulated ms. */
  createdAt: number;
  userId: number;
  sourceType: string;
  agentType: string | null;
  model: string | null;
  script: RunScript;
  /** When the current script began (creation or the last resume). */
  phaseStart: number;
  finishHook?: Promise<void>;
}

/** The stand-in's world: org, user, repos and runs, with statuses computed from the clock. */
export class CodegenState {
  readonly runs = new Map<number, StandInRun>();
  readonly repos: StandInRepo[] = [];
  /** Codegen documents resume for paused runs only; the stand-in refuses the rest (stricter). */
  resumeOnlyPaused = true;
  private nextRunId = 5_000;
  private nextPrId = 90_000;

  constructor(
    readonly clock: Clock,
    readonly orgId: number,
    readonly user: { id: number; login: string },
    public scriptFor: ScriptFor,
  ) {}

  addRepo(fullName: string): StandInRepo {
    const repo = {
      id: 700 + this.repos.length,
      name: fullName.split('/')[1] ?? fullName,
      full_name: fullName,
    };
    this.repos.push(repo);
    return repo;
  }

  createRun(input: {
    prompt: string;
    metadata: Record<string, unknown> | null;
    agentType?: string | null;
    model?: string | null;
    userId?: number;
    sourceType?: string;
    script?: RunScript;
    repoId?: number | null;
  }): StandInRun {
    const id = this.nextRunId++;
    const now = this.clock.now();
    const run: StandInRun = {
      id,
      prompt: input.prompt,
      metadata: input.metadata,
      resumes: [],
      pullRequests: [],
      repository: (this.repos.find((r) => r.id === input.repoId) ?? this.repos[0])?.full_name,
      organizationId: this.orgId,
      createdAt: now,
      userId: input.userId ?? this.user.id,
      sourceType: input.sourceType ?? 'API',
      agentType: input.agentType ?? null,
      model: input.model ?? null,
      script: input.script ?? this.scriptFor({ id, prompt: input.prompt, metadata: input.metadata }),
      phaseStart: now,
    };
    this.runs.set(id, run);
    return run;
  }

  /** Runs by someone else, newer than everything so far: they push older runs down the list. */
  addForeignRuns(count: number): void {
    for (let i = 0; i < count; i += 1) {
      this.createRun({
        prompt: 'someone else',
        metadata: null,
        userId: this.user.id + 1,
        sourceType: 'SLACK',
        script: lifecycle({ durationMs: 1_000 }),
      });
    }
  }

  resume(run: StandInRun, prompt: string): void {
    const count = run.resumes.length;
    run.resumes.push({ prompt, at: this.clock.now() });
    const next = this.scriptFor({
      id: run.id,
      prompt: run.prompt,
      metadata: run.metadata,
      resume: { prompt, count },
    });
    run.script = next;
    run.phaseStart = this.clock.now();
    run.finishHook = undefined;
  }

  /** Status now; runs the finish hook first when the last step has just been reached. */
  async statusOf(run: StandInRun): Promise<string> {
    const steps = run.script.steps;
    const elapsed = this.clock.now() - run.phaseStart;
    let index = 0;
    steps.forEach((step, i) => {
      if (step.afterMs <= elapsed) index = i;
    });
    if (index === steps.length - 1) {
      run.finishHook ??= this.finish(run);
      await run.finishHook;
    }
    return steps[index]?.status ?? 'PENDING';
  }

  /** Simulated time the run reaches (or reached) its last step. */
  finishedAt(run: StandInRun): number {
    const last = run.script.steps[run.script.steps.length - 1];
    return run.phaseStart + (last?.afterMs ?? 0);
  }

  pullRequest(input: Omit<StandInPullRequest, 'id' | 'created_at'>): StandInPullRequest {
    return { id: this.nextPrId++, created_at: new Date(this.clock.now()).toISOString(), ...input };
  }

  private async finish(run: StandInRun): Promise<void> {
    const listed = [...(run.script.pullRequests ?? []), ...((await run.script.onFinish?.(run)) ?? [])];
    for (const pr of listed) if (!run.pullRequests.some((p) => p.id === pr.id)) run.pullRequests.push(pr);
  }
}

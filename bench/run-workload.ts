import { rm } from 'node:fs/promises';
import { type Plan, Plan as PlanSchema } from '../src/domain/index.js';
import type { IssueRecord } from '../src/ledger/index.js';
import { type Clock, scaledClock } from '../src/util/clock.js';
import { openPullRequestOnFinish } from '../test/standins/codegen/github-app.js';
import { lifecycle, startCodegenStandIn } from '../test/standins/codegen/index.js';
import { startGitHubStandIn } from '../test/standins/github/index.js';
import { benchJob, OWNER, REPO } from './job.js';
import { type LowerBound, lowerBound } from './lower-bound.js';
import { peakInWindow, percentile } from './stats.js';
import { sequentialMin, type Workload } from './workloads.js';

const MINUTE = 60_000;
/** A fixed simulated start (a Monday, 09:00 UTC), so no run crosses a day of the spend ledger. */
const ORIGIN = Date.UTC(2025, 0, 6, 9, 0, 0);

export interface WorkloadMeasurement {
  name: string;
  description: string;
  tasks: number;
  maxParallel: number;
  status: IssueRecord['status'];
  makespanMin: number;
  bound: LowerBound;
  sequentialMin: number;
  codegenReads: number;
  codegenReadsPerMin: number;
  /** Most reads the job sent in any 60 simulated seconds (its own send times). */
  codegenReadsPeakPerMin: number;
  /** Most reads the stand-in received in any 60 simulated seconds (arrival times, latency included). */
  codegenReadsPeakArrivedPerMin: number;
  noticeDelaysS: number[];
  /** The notice delay's two parts: until a poll saw the run ended, then until the ledger said so. */
  pollDelaysS: number[];
  processingS: number[];
  creates: number;
  /** Simulated minutes from the start at which the stand-in received each create and each read. */
  createsAtMin: number[];
  readsAtMin: number[];
  /** 429 answers from the Codegen stand-in (a client within the limits gets none). */
  rateLimited: number;
  requests: { codegen: number; github: number; linear: number };
  realMs: number;
  warnings: string[];
}

function planOf(workload: Workload): Plan {
  return PlanSchema.parse({
    summary: workload.description,
    tasks: workload.tasks.map((t) => ({
      id: t.id,
      title: `Task ${t.id}`,
      kind: 'implementation',
      prompt: `Do ${t.id}.`,
      size: 'm',
      dependsOn: t.dependsOn,
    })),
  });
}

/**
 * Runs one workload through the real orchestrator against fresh stand-ins on loopback, with the
 * stand-ins' rate limits on, and measures it from the stand-ins' side.
 */
export async function runWorkload(workload: Workload, scale: number): Promise<WorkloadMeasurement> {
  const clock: Clock = scaledClock(scale, ORIGIN);
  const durations = new Map(workload.tasks.map((t) => [t.id, t.durationMin * MINUTE]));
  const github = await startGitHubStandIn();
  github.state.addRepo({ owner: OWNER, repo: REPO });
  const opensPr = openPullRequestOnFinish(github.state, { owner: OWNER, repo: REPO });
  const codegen = await startCodegenStandIn({
    clock,
    repos: [`${OWNER}/${REPO}`],
    runQuota: 10_000,
    script: ({ metadata }) => {
      const durationMs = durations.get(String(metadata?.task));
      if (durationMs === undefined) throw new Error(`no duration for task ${String(metadata?.task)}`);
      return lifecycle({ durationMs, onFinish: opensPr });
    },
  });

  // When the orchestrator recorded each task's success: the moment it acted on the finished run.
  const succeededAt = new Map<string, number>();
  const onRecord = (record: IssueRecord) => {
    const now = clock.now();
    for (const task of Object.values(record.tasks))
      if (task.state === 'succeeded' && !succeededAt.has(task.id)) succeededAt.set(task.id, now);
  };
  const job = benchJob({
    clock,
    codegenUrl: codegen.url,
    githubUrl: github.url,
    maxParallel: workload.maxParallel,
    onRecord,
  });
  const issue = { identifier: `BEN-${workload.tasks.length}`, title: workload.description };
  const realStart = performance.now();
  try {
    await job.claim(issue);
    const start = clock.now();
    const record = await job.orchestrator.run({ issue, plan: planOf(workload), strategyName: 'cloud-only' });
    const end = clock.now();
    const realMs = performance.now() - realStart;
    job.monitor.close();

    const makespanMin = (end - start) / MINUTE;
    const noticeDelaysS: number[] = [];
    const pollDelaysS: number[] = [];
    const processingS: number[] = [];
    const warnings: string[] = [];
    for (const task of workload.tasks) {
      const runs = [...codegen.state.runs.values()].filter((r) => r.metadata?.task === task.id);
      const run = runs.at(-1);
      const acted = succeededAt.get(task.id);
      if (!run || acted === undefined) {
        warnings.push(`task ${task.id}: ${run ? 'never recorded as succeeded' : 'no Codegen run'}`);
        continue;
      }
      if (runs.length > 1) warnings.push(`task ${task.id}: ${runs.length} runs created`);
      const finished = codegen.state.finishedAt(run);
      noticeDelaysS.push((acted - finished) / 1000);
      const seen = job.monitor.latest(run.id)?.observedAt;
      if (seen !== undefined) {
        pollDelaysS.push((seen - finished) / 1000);
        processingS.push((acted - seen) / 1000);
      }
    }
    for (const line of job.logger.lines)
      if (line.level === 'warning' || line.level === 'error') warnings.push(`${line.level}: ${line.message}`);

    const reads = codegen.requests.filter((r) => r.kind === 'read');
    const rateLimited = Object.values(codegen.stats.rateLimited).reduce((a, b) => a + b, 0);
    return {
      name: workload.name,
      description: workload.description,
      tasks: workload.tasks.length,
      maxParallel: workload.maxParallel,
      status: record.status,
      makespanMin,
      bound: lowerBound(workload.tasks, workload.maxParallel),
      sequentialMin: sequentialMin(workload),
      codegenReads: reads.length,
      codegenReadsPerMin: reads.length / makespanMin,
      codegenReadsPeakPerMin: peakInWindow(job.readsSentAt, MINUTE),
      codegenReadsPeakArrivedPerMin: peakInWindow(
        reads.map((r) => r.at),
        MINUTE,
      ),
      noticeDelaysS,
      pollDelaysS,
      processingS,
      creates: codegen.stats.byRoute.create,
      createsAtMin: codegen.requests.filter((r) => r.kind === 'create').map((r) => (r.at - start) / MINUTE),
      readsAtMin: reads.map((r) => (r.at - start) / MINUTE),
      rateLimited,
      // Counted by the stand-ins. The orchestrator makes no Linear calls (Linear is the modes' job).
      requests: { codegen: codegen.stats.total, github: github.requests.length, linear: 0 },
      realMs,
      warnings,
    };
  } finally {
    job.monitor.close();
    await codegen.close();
    await github.close();
    await rm(job.ledgerDirectory, { recursive: true, force: true });
  }
}

export function noticeDelayP95(measurement: Pick<WorkloadMeasurement, 'noticeDelaysS'>): number {
  return percentile(measurement.noticeDelaysS, 95);
}

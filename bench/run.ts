/**
 * `npm run bench`: the real orchestrator against the Codegen and GitHub stand-ins on loopback,
 * rate limits on, on a scaled clock. Prints a few lines per workload, a verdict per target, and
 * last one JSON line in simulated units. Exit code 0 when every target is met, 1 otherwise.
 *
 *   npm run bench -- [--scale 60] [--workload dag-12,wide-60,action] [--startup-runs 15]
 *
 * `action` runs the built action itself (dist/index.js) on a 3-task issue and on a sweep of 10
 * idle issues against the GitHub, Linear, Codegen and Anthropic stand-ins, and counts requests.
 */
import { parseArgs } from 'node:util';
import { actionFields, actionLines, actionVerdicts } from './action-report.js';
import { type ActionMeasurement, measureAction } from './action-run.js';
import { noticeDelayP95, runWorkload, type WorkloadMeasurement } from './run-workload.js';
import { measureStartup } from './startup.js';
import { percentile, round } from './stats.js';
import { type Verdict, verdicts } from './targets.js';
import { WORKLOADS } from './workloads.js';

/**
 * One simulated minute = one real second. Real costs (an Octokit request ~15 ms with its plugins,
 * a ledger file write ~3 ms) then count about a simulated second, the order of what they take in
 * production against GitHub; at 200× the same costs count 3-4 simulated seconds each.
 */
const DEFAULT_SCALE = 60;

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: String(DEFAULT_SCALE) },
    workload: { type: 'string' },
    'startup-runs': { type: 'string', default: '15' },
  },
});
const scale = Number(values.scale);
if (!Number.isFinite(scale) || scale <= 0)
  throw new Error(`--scale must be a positive number, not ${values.scale}`);
const wanted = values.workload?.split(',').map((s) => s.trim());
const workloads = WORKLOADS.filter((w) => !wanted || wanted.includes(w.name));
const withAction = !wanted || wanted.includes('action');
if (workloads.length === 0 && !withAction)
  throw new Error(
    `no workload named ${values.workload}; try ${[...WORKLOADS.map((w) => w.name), 'action'].join(', ')}`,
  );

const log = (line = '') => process.stdout.write(`${line}\n`);

function describe(m: WorkloadMeasurement): void {
  const b = m.bound;
  log(`■ ${m.name}: ${m.description}`);
  log(`  tasks ${m.tasks}, max-parallel ${m.maxParallel}, sequential ${round(m.sequentialMin)} min`);
  log(
    `  lower bound ${round(b.minutes)} min (${b.binding}): critical path ${round(b.criticalPath.minutes)} min [${b.criticalPath.path.join('→')}], create limit ${round(b.rateLimitMin)} min, work/max-parallel ${round(b.workMin)} min`,
  );
  log(
    `  makespan ${round(m.makespanMin)} min = ${round(m.makespanMin / b.minutes, 3)} × bound (${round(m.makespanMin / m.sequentialMin, 3)} × sequential); ${round(m.realMs / 1000, 1)} s real`,
  );
  const delays = m.noticeDelaysS;
  log(
    `  notice delay (s): p50 ${round(percentile(delays, 50), 1)}, p95 ${round(noticeDelayP95(m), 1)}, max ${round(Math.max(...delays), 1)} over ${delays.length} runs; of which until a poll saw it p50 ${round(percentile(m.pollDelaysS, 50), 1)} / p95 ${round(percentile(m.pollDelaysS, 95), 1)}, then until recorded p50 ${round(percentile(m.processingS, 50), 1)} / p95 ${round(percentile(m.processingS, 95), 1)}`,
  );
  log(
    `  Codegen reads ${m.codegenReads} = ${round(m.codegenReadsPerMin)}/min (at most ${m.codegenReadsPeakPerMin} sent in any 60 s; ${m.codegenReadsPeakArrivedPerMin} arrived); creates ${m.creates}; 429s ${m.rateLimited}`,
  );
  log(
    `  requests seen by the stand-ins: codegen ${m.requests.codegen}, github ${m.requests.github}, linear ${m.requests.linear}`,
  );
  for (const warning of m.warnings.slice(0, 5)) log(`  ! ${warning}`);
  if (m.warnings.length > 5) log(`  ! … ${m.warnings.length - 5} more`);
}

log(
  `Benchmark: scale ${scale}× (1 simulated minute = ${round(60_000 / scale, 1)} real ms); Codegen and GitHub stand-ins on 127.0.0.1 with Codegen's published rate limits enforced; ledger in a local directory (LocalDirectoryStore).`,
);
const measurements: WorkloadMeasurement[] = [];
for (const workload of workloads) {
  const m = await runWorkload(workload, scale);
  measurements.push(m);
  describe(m);
}
let action: ActionMeasurement | undefined;
if (withAction) {
  action = await measureAction(10);
  for (const line of actionLines(action)) log(line);
}
const startup = await measureStartup(Number(values['startup-runs']));
log(
  `■ dist/index.js: start-up ${startup.startupMs ?? '?'} ms (median), ${startup.bundleBytes ?? '?'} bytes${startup.note ? ` (${startup.note})` : ''}`,
);

const all: Verdict[] = [...measurements.flatMap(verdicts), ...(action ? actionVerdicts(action) : [])];
log('Targets:');
for (const v of all) log(`  ${v.met ? 'MET   ' : 'MISSED'} ${v.workload}: ${v.target}: ${v.measured}`);

const result = {
  workloads: measurements.map((m) => ({
    name: m.name,
    tasks: m.tasks,
    max_parallel: m.maxParallel,
    makespan_min: round(m.makespanMin),
    lower_bound_min: round(m.bound.minutes),
    ratio: round(m.makespanMin / m.bound.minutes, 3),
    sequential_min: round(m.sequentialMin),
    codegen_reads_per_min: round(m.codegenReadsPerMin),
    notice_delay_p95_s: round(noticeDelayP95(m), 1),
    requests: m.requests,
  })),
  ...(action ? actionFields(action) : {}),
  startup_ms: startup.startupMs,
  bundle_bytes: startup.bundleBytes,
};
log(JSON.stringify(result));
process.exitCode = all.every((v) => v.met) ? 0 : 1;

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OWNER, REPO, startWorld } from '../test/e2e/world.js';
import { labeledIssue } from '../test/fixtures/webhooks.js';
import { TEST_ACCESS_TOKEN } from '../test/standins/linear/index.js';
import { countGitHub, type GitHubCounts } from './action-count.js';

/** One stretch of the action's traffic, counted by the stand-ins. */
export interface ActionTraffic {
  status: string;
  github: GitHubCounts;
  linear: number;
  codegen: { reads: number; creates: number; total: number };
  realMs: number;
}

export interface ActionMeasurement {
  /** A 3-task issue, each task a Codegen run with a PR and CI, through `run` (hybrid-parallel). */
  run: ActionTraffic;
  /** A scheduled sweep that finds `idleIssues` issues in flight with nothing new. */
  sweep: ActionTraffic & { idleIssues: number };
  /** The same issue with a Linear app token: the agent session's requests and what they carried. */
  appRun: ActionTraffic & { agentRequests: number; activities: number };
}

const IMPLEMENTATION = (id: string, title: string) => ({
  id,
  title,
  kind: 'implementation',
  prompt: `Implement ${title}.`,
  files: [`src/${id}.ts`],
  acceptance: [`${title} works`],
  dependsOn: [],
  requiresIsolation: false,
  size: 'm',
});

const THREE_TASKS = {
  summary: 'Three independent pieces of work',
  tasks: [
    IMPLEMENTATION('api', 'Greeting API'),
    IMPLEMENTATION('ui', 'Greeting UI'),
    IMPLEMENTATION('cli', 'Greeting CLI'),
  ],
};

const ONE_TASK = { summary: 'One task', tasks: [IMPLEMENTATION('work', 'The work')] };

type Snapshot = { github: number; linear: number; reads: number; creates: number; total: number };

/**
 * The whole action (`node dist/index.js`, as a runner starts it) against the GitHub, Linear,
 * Codegen and Anthropic stand-ins, in real time; what it measures is traffic, not time.
 */
export async function measureAction(idleIssues = 10): Promise<ActionMeasurement> {
  return { run: await measureRun(), sweep: await measureSweep(idleIssues), appRun: await measureAppRun() };
}

async function measureAppRun(): Promise<ActionMeasurement['appRun']> {
  let agent = { agentRequests: 0, activities: 0 };
  const traffic = await measureRun((world) => {
    const linear = world.linear;
    const isAgent = (f: string) => f.startsWith('agentSession') || f.startsWith('agentActivity');
    agent = {
      agentRequests: linear?.requests.filter((r) => r.rootFields.some(isAgent)).length ?? 0,
      activities: [...(linear?.world.agentSessions.sessions.values() ?? [])].reduce(
        (n, s) => n + s.activities.length,
        0,
      ),
    };
  }, true);
  return { ...traffic, ...agent };
}

async function measureRun(
  after?: (world: Awaited<ReturnType<typeof startWorld>>) => void,
  app = false,
): Promise<ActionTraffic> {
  const world = await startWorld({ runMs: 2_000 });
  // The state branch exists, as for every issue after a repository's first one.
  world.github.state.addBranch(OWNER, REPO, 'cyrus-state');
  try {
    const linear = world.linear;
    if (!linear)
      throw new Error('the whole-run bench needs the Linear stand-in (Linear’s schema beside the clone)');
    world.plan = THREE_TASKS;
    if (app) linear.world.installApp();
    const payload = labeledIssue('cyrus', 'linear[bot]', 'Bot') as { issue: { html_url: string } };
    const team = linear.world.addTeam('ENG');
    linear.world.addIssue({
      team,
      title: 'Greeting',
      description: 'Three pieces.',
      githubUrl: payload.issue.html_url,
    });
    const before = snapshot(world);
    const started = performance.now();
    const run = await world.action({
      eventName: 'issues',
      payload,
      inputs: { strategy: 'hybrid-parallel', ...(app ? { 'linear-api-key': TEST_ACCESS_TOKEN } : {}) },
      timeoutMs: 300_000,
    });
    if (run.code !== 0)
      throw new Error(`the action failed:\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-2000)}`);
    after?.(world);
    return traffic(world, before, run.outputs.status ?? '?', performance.now() - started);
  } finally {
    await world.close();
  }
}

async function measureSweep(idleIssues: number): Promise<ActionTraffic & { idleIssues: number }> {
  // Runs that last an hour: the second sweep finds every issue in flight and nothing changed.
  const world = await startWorld({ runMs: 60 * 60_000, linear: false });
  try {
    world.plan = ONE_TASK;
    for (let i = 1; i <= idleIssues; i++)
      world.github.state.addIssue(OWNER, REPO, {
        title: `Idle ${i}`,
        body: `Do thing ${i}.`,
        labels: ['cyrus'],
      });
    mkdirSync(path.join(world.workspace, '.github'), { recursive: true });
    writeFileSync(path.join(world.workspace, '.github/cyrus.yml'), `sweep:\n  maxIssues: ${idleIssues}\n`);
    const sweep = () =>
      world.action({
        eventName: 'schedule',
        payload: { schedule: '*/30 * * * *' },
        linear: false,
        inputs: { wait: 'false', strategy: 'cloud-only' },
        timeoutMs: 600_000,
      });
    const first = await sweep();
    if (first.code !== 0 || first.outputs.status !== 'pending')
      throw new Error(
        `the first sweep did not leave ${idleIssues} issues in flight:\n${first.stdout.slice(-4000)}`,
      );
    const before = snapshot(world);
    const started = performance.now();
    const second = await sweep();
    if (second.code !== 0) throw new Error(`the idle sweep failed:\n${second.stdout.slice(-4000)}`);
    return {
      ...traffic(world, before, second.outputs.status ?? '?', performance.now() - started),
      idleIssues,
    };
  } finally {
    await world.close();
  }
}

function snapshot(world: Awaited<ReturnType<typeof startWorld>>): Snapshot {
  return {
    github: world.github.requests.length,
    linear: world.linear?.stats.requests ?? 0,
    reads: world.codegen.stats.byKind.read,
    creates: world.codegen.stats.byKind.create,
    total: world.codegen.stats.total,
  };
}

function traffic(
  world: Awaited<ReturnType<typeof startWorld>>,
  before: Snapshot,
  status: string,
  realMs: number,
): ActionTraffic {
  const now = snapshot(world);
  return {
    status,
    github: countGitHub(world.github.requests.slice(before.github)),
    linear: now.linear - before.linear,
    codegen: {
      reads: now.reads - before.reads,
      creates: now.creates - before.creates,
      total: now.total - before.total,
    },
    realMs,
  };
}

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AGENT_KEY, type AgentMode, SCRIPTED_AGENT } from '../executors/command/fixture.js';
import { GH_TOKEN } from '../executors/local/fixture.js';
import { labeledIssue } from '../fixtures/webhooks.js';
import { sh, tokenForms } from '../git/helpers/repos.js';
import { NO_SANDBOX } from '../helpers/sandbox-gate.js';
import { CLAUDE_INSTALL_TIMEOUT_MS, TEST_ANTHROPIC_KEY } from '../standins/anthropic/index.js';
import { TEST_API_KEY as LINEAR_KEY, type LinearStandIn } from '../standins/linear/index.js';
import { OWNER, REPO, startWorld, TWO_TASK_PLAN, type World } from './world.js';

const BRANCH = 'cyrus/eng-1-docs';
/** The docs task of the world's plan alone: one task, for the command executor. */
const ONE_DOCS_TASK = {
  summary: 'Document the greeting',
  tasks: TWO_TASK_PLAN.tasks.filter((t) => t.id === 'docs'),
};

let world: World;
let linear: LinearStandIn;
beforeEach(async () => {
  world = await startWorld();
  if (!world.linear) throw new Error('these tests need the Linear stand-in');
  linear = world.linear;
  world.plan = ONE_DOCS_TASK;
}, CLAUDE_INSTALL_TIMEOUT_MS);
afterEach(() => world?.close());

/**
 * The config file a user writes for a command-line agent: the scripted agent in `mode`, its
 * prompt in a file, its own API key passed through by name, priced below Claude Code so that
 * local-only picks it.
 */
function configure(mode: AgentMode, timeoutMinutes: number): void {
  const file = path.join(world.workspace, '.github/cyrus.yml');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(
    file,
    [
      'executors:',
      '  command:',
      '    label: Scripted agent',
      `    command: [node, ${JSON.stringify(SCRIPTED_AGENT)}, ${mode}, --prompt-file, "{promptFile}"]`,
      `    timeoutMinutes: ${timeoutMinutes}`,
      '    env: [OPENAI_API_KEY]',
      '    costPerRunUsd: 0.01',
      'validation: { fixAttempts: 0 }',
      '',
    ].join('\n'),
  );
}

/** A file as the action pushed it on the task branch, read from the repository behind the stand-in. */
function pushed(file: string): string {
  const gitDir = world.github.state.repo(OWNER, REPO)?.gitDir;
  if (!gitDir) throw new Error('the stand-in repository has no git directory');
  return sh(gitDir, 'show', `${BRANCH}:${file}`);
}

async function run(mode: AgentMode, timeoutMinutes = 2) {
  configure(mode, timeoutMinutes);
  const payload = labeledIssue('cyrus', 'linear[bot]', 'Bot') as { issue: { html_url: string } };
  const issue = linear.world.addIssue({
    team: linear.world.addTeam('ENG'),
    title: 'Greeting docs',
    description: 'Document the greeting.',
    githubUrl: payload.issue.html_url,
  });
  const result = await world.action({
    eventName: 'issues',
    payload,
    inputs: { strategy: 'local-only' },
    env: { OPENAI_API_KEY: AGENT_KEY },
  });
  const record = await world.ledger().readIssue(issue.identifier);
  return { run: result, record, task: record?.tasks.docs };
}

describe.skipIf(NO_SANDBOX)('the command executor through dist/index.js, end to end', () => {
  it('a scripted agent that edits files: its PR, validated, in the ledger and the summary; no job secret reached it', async () => {
    const { run: r, task } = await run('edit');

    expect(r.code, `${r.stdout.slice(-6000)}\n${r.stderr.slice(-2000)}`).toBe(0);
    expect(r.outputs.status).toBe('success');
    expect(r.stdout).toMatch(/Task docs → command \(attempt 1\): /);
    const pulls = world.github.state.pullRequests(OWNER, REPO);
    expect(pulls.map((p) => p.head.ref)).toEqual([BRANCH]);
    expect(pulls[0]?.title).toBe('ENG-1: Document greeting');
    expect(pulls[0]?.body).toContain('Written by Scripted agent on the runner');
    const checks = world.github.state.checkRuns(OWNER, REPO, pulls[0]?.head.sha ?? '');
    expect(checks.filter((c) => c.name === 'Cyrus validation').map((c) => [c.status, c.conclusion])).toEqual([
      ['completed', 'success'],
    ]);
    expect(task).toMatchObject({ executor: 'command', state: 'succeeded', branch: BRANCH });
    expect(task?.attempts[0]).toMatchObject({
      executor: 'command',
      costUsd: 0.01,
      costEstimated: true,
      onRunner: true,
    });
    expect(r.summary).toContain(pulls[0]?.html_url ?? 'no PR');
    // The job summary's row: the executor, the validated PR and the configured (estimated) cost.
    expect(r.summary).toMatch(
      /\| \*\*docs\*\* Document greeting \| command \| ✅ succeeded \| \[\\#1\]\([^)]+\/pull\/1\) \| ✅ passing \| [^|]+ \| ~\$0\.01 \|/,
    );
    // What the agent's environment held went into its directory, which the action pushed.
    const env = pushed('env.txt');
    expect(env).toContain(`OPENAI_API_KEY=${AGENT_KEY}`);
    for (const secret of [...tokenForms(GH_TOKEN), TEST_ANTHROPIC_KEY, LINEAR_KEY, 'cg_test_token']) {
      expect(env).not.toContain(secret);
    }
    const prompt = pushed('prompt-seen.txt');
    expect(prompt).toContain('Write docs/greeting.md.');
  }, 240_000);

  it('a scripted agent that fails: the task fails with its output, reported, and nothing is opened', async () => {
    const { run: r, task } = await run('fail');

    expect(r.outputs.status, r.stdout.slice(-4000)).toBe('failure');
    expect(world.github.state.pullRequests(OWNER, REPO)).toEqual([]);
    expect(task).toMatchObject({ executor: 'command', state: 'failed' });
    const failure = task?.attempts.at(-1)?.failure;
    expect(failure?.kind).toBe('agent_error');
    expect(failure?.message).toContain('Scripted agent exited with code 1');
    expect(failure?.message).toContain('error: the model refused the request (scripted failure)');
    expect(r.summary).toContain('Scripted agent exited with code 1');
  }, 240_000);

  it('a scripted agent that hangs past its timeout: killed, timed out, reported', async () => {
    const { run: r, task } = await run('hang', 0.05);

    expect(r.outputs.status, r.stdout.slice(-4000)).toBe('failure');
    expect(world.github.state.pullRequests(OWNER, REPO)).toEqual([]);
    expect(task).toMatchObject({ executor: 'command', state: 'failed' });
    const failure = task?.attempts.at(-1)?.failure;
    expect(failure?.kind).toBe('deadline');
    expect(failure?.message).toBe(
      'Scripted agent ran past its timeout (executors.command.timeoutMinutes = 0.05) and was killed with its process group',
    );
    expect(r.summary).toContain('ran past its timeout');
  }, 240_000);
});

/**
 * `npm run demo`: the whole flow on this machine, no credentials and no outside service. Starts
 * stand-ins for GitHub (with a real git repository and CI), Codegen, Linear and the Anthropic API,
 * then runs the built dist/index.js exactly as a runner would on a labelled, Linear-synced issue:
 * plan, fan-out to both executors, PRs, CI, validation, the Linear comment. Prints the job summary
 * and the final tracking comment.
 *
 * The real `claude` CLI does the planning and the local task (answered by the Anthropic stand-in);
 * the first run installs the pinned version from npm, as the action does on a runner.
 */
import { existsSync } from 'node:fs';
import { OWNER, REPO, startWorld } from '../test/e2e/world.js';
import { labeledIssue } from '../test/fixtures/webhooks.js';
import { missingSandboxTools, SANDBOX_INSTALL_COMMAND } from '../test/helpers/sandbox-tools.js';
import { LINEAR_SCHEMA_PATH } from '../test/standins/linear/index.js';
import { progressPrinter, wallTimeNote } from './progress.js';

const DEMO_PLAN = {
  summary: 'Add login and signup',
  tasks: [
    {
      id: 'api',
      title: 'Auth API endpoints',
      kind: 'implementation',
      prompt: 'Add POST /login and POST /signup.',
      files: ['src/auth/api.ts'],
      acceptance: ['POST /login returns a session'],
      dependsOn: [],
      requiresIsolation: true,
      size: 'l',
    },
    {
      id: 'ui',
      title: 'Login and signup forms',
      kind: 'implementation',
      prompt: 'Add the forms.',
      files: ['src/ui/login.tsx'],
      acceptance: ['the form posts to /login'],
      dependsOn: [],
      requiresIsolation: false,
      size: 'l',
    },
    {
      id: 'docs',
      title: 'Document the auth flow',
      kind: 'docs',
      prompt: 'Write docs/auth.md.',
      files: ['docs/auth.md'],
      acceptance: ['docs/auth.md explains login'],
      dependsOn: [],
      requiresIsolation: false,
      size: 's',
    },
  ],
};

const started = Date.now();
const seconds = () => (Date.now() - started) / 1000;
const step = (text: string) => console.log(`\n▸ ${text} (${seconds().toFixed(1)} s)`);

if (!existsSync('dist/index.js')) {
  console.error('dist/index.js is missing: run `npm run build` first.');
  process.exit(1);
}
// The schema is in the project's fixtures (a fresh clone has it): the Linear stand-in always runs.
if (!existsSync(LINEAR_SCHEMA_PATH)) {
  console.error(`Linear's schema is missing at ${LINEAR_SCHEMA_PATH}: the checkout is incomplete.`);
  process.exit(1);
}
// The demo's plan runs a task on the runner, which the action only does inside its sandbox:
// without it the run would fail deep inside, so say so now, with the one command that fixes it.
const missingTools = missingSandboxTools();
if (missingTools.length > 0) {
  console.error(
    `${missingTools.join(' and ')} not found on PATH: the demo runs a local agent, which the action runs only in its sandbox. Install it with \`${SANDBOX_INSTALL_COMMAND}\`, then run \`npm run demo\` again.`,
  );
  process.exit(1);
}
step('Starting the stand-ins: GitHub, Codegen, Linear, Anthropic (127.0.0.1 only)');
const world = await startWorld({ linear: true });
try {
  world.plan = DEMO_PLAN;
  const payload = labeledIssue('cyrus', 'linear[bot]', 'Bot') as {
    issue: { html_url: string; title: string };
  };
  payload.issue.title = 'Add login and signup';
  const linearIssue = world.linear?.world.addIssue({
    team: world.linear.world.addTeam('ENG'),
    title: 'Add login and signup',
    description: 'Users need to log in and sign up. Add the API, the forms and the docs.',
    githubUrl: payload.issue.html_url,
  });

  step('Running dist/index.js on issues.labeled "cyrus" (strategy hybrid-smart); its log as it comes:');
  const actionStarted = seconds();
  const progress = progressPrinter(() => `${seconds().toFixed(1)} s`);
  const run = await world.action({
    eventName: 'issues',
    payload,
    linear: true,
    inputs: { strategy: 'hybrid-smart' },
    onLine: (line) => {
      for (const out of progress.line(line)) console.log(out);
    },
  });
  const actionSeconds = seconds() - actionStarted;
  step(`The action exited ${run.code} with status=${run.outputs.status}`);
  if (run.code !== 0 && run.stderr.trim()) console.log(run.stderr.trim().split('\n').slice(-20).join('\n'));

  console.log('\n================ Job summary (GITHUB_STEP_SUMMARY) ================\n');
  console.log(run.summary);
  if (world.linear && linearIssue) {
    console.log('================ Final Linear tracking comment ================\n');
    console.log(world.linear.world.commentsOn(linearIssue.id).at(-1)?.body ?? '(none)');
    console.log(
      `\nLinear issue ${linearIssue.identifier} is now "${world.linear.world.stateOf(linearIssue).name}".`,
    );
  } else {
    const comments = world.github.state.repo(OWNER, REPO)?.comments ?? [];
    console.log('================ Final tracking comment (GitHub issue) ================\n');
    console.log(comments.at(-1)?.body ?? '(none)');
  }
  const pulls = world.github.state.pullRequests(OWNER, REPO);
  console.log(`\nPull requests: ${pulls.map((p) => `#${p.number} ${p.head.ref}`).join(', ')}`);
  console.log(`\n${wallTimeNote(run.summary, actionSeconds, seconds())}`);
  step('Done');
  process.exitCode = run.code === 0 ? 0 : 1;
} finally {
  await world.close();
}

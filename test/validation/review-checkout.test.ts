import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitAuth } from '../../src/git/index.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { validatePullRequest } from '../../src/validation/index.js';
import { testSandbox } from '../helpers/sandbox.js';
import { NO_SANDBOX } from '../helpers/sandbox-gate.js';
import {
  type AnthropicStandIn,
  claudeTestEnv,
  makeClaudeHome,
  type RecordedRequest,
  structuredOutput,
  type Turn,
  useClaudeStandIns,
} from '../standins/anthropic/index.js';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';
import { gatewayFor, SteppingClock } from './helpers.js';

const exec = promisify(execFile);
const cli = useClaudeStandIns();

/** The token persisted in the workspace's .git/config by actions/checkout: the action knows it from there only. */
const CHECKOUT_TOKEN = 'ghs_checkoutPersistedToken0123456789';
const CHECKOUT_BASIC = Buffer.from(`x-access-token:${CHECKOUT_TOKEN}`).toString('base64');
const ACTION_TOKEN = 'ghs_actionInputToken0123456789';
/** A secret the action holds (the Linear key, say), in its redaction list. */
const ACTION_SECRET = 'lin_api_reviewActionSecret0123456789';
const HOST_SECRET = 'HOST_SECRET_b3f1c9e2d4a7';
const GUIDE = 'GUIDE_CONTENT_in_tree_7c21';
// Outside the hidden temp dirs, world-readable: a host file the sandboxed reviewer could read.
const HOST_DIRS = fileURLToPath(
  new URL('../../node_modules/.cache/codegen-action/host-files/', import.meta.url),
);

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await exec(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args],
    {
      cwd,
      timeout: 20_000,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1', HOME: cwd },
    },
  );
  return stdout.trim();
}

/** The checkout the reviewer runs in, as Claude Code tells the model (its environment block). */
const workingDirectory = (request: RecordedRequest): string =>
  /\/[^\s"]*\/cyrus-validate-[A-Za-z0-9]+\/checkout/.exec(JSON.stringify(request.body))?.[0] ??
  '/missing-working-directory';

describe.skipIf(NO_SANDBOX)(
  'validatePullRequest: the reviewer in a checkout of the PR head, with the real CLI',
  () => {
    let gh: GitHubStandIn;
    let dir: string;
    let hostDir: string;
    let workspace: string;
    let prNumber: number;
    let logger: MemoryLogger;

    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'cyrus-review-checkout-'));
      await mkdir(HOST_DIRS, { recursive: true });
      hostDir = await mkdtemp(HOST_DIRS);
      await chmod(hostDir, 0o755);
      const secretFile = join(hostDir, 'credentials');
      await writeFile(secretFile, `${HOST_SECRET}\n`, { mode: 0o644 });

      const bare = join(dir, 'widgets.git');
      const seed = join(dir, 'seed');
      await git(dir, 'init', '-q', '--bare', '-b', 'main', bare);
      await git(dir, 'init', '-q', '-b', 'main', seed);
      await mkdir(join(seed, 'docs'));
      await writeFile(join(seed, 'docs', 'guide.md'), `${GUIDE}\n`);
      await git(seed, 'add', '.');
      await git(seed, 'commit', '-q', '-m', 'initial');
      await git(seed, 'push', '-q', bare, 'main');
      await git(seed, 'checkout', '-q', '-b', 'cyrus/eng-1-t1');
      // The PR adds a symlink to a host file, and one that stays in the tree.
      await symlink(secretFile, join(seed, 'notes.txt'));
      await symlink('docs/guide.md', join(seed, 'guide-link.md'));
      await git(seed, 'add', '.');
      await git(seed, 'commit', '-q', '-m', 'ENG-1: notes');
      await git(seed, 'push', '-q', bare, 'cyrus/eng-1-t1');
      const headSha = await git(seed, 'rev-parse', 'HEAD');

      gh = await startGitHubStandIn();
      gh.state.addRepo({ owner: 'acme', repo: 'widgets', gitDir: bare });
      for (const token of [CHECKOUT_TOKEN, ACTION_TOKEN]) gh.state.addToken(token, 'cyrus-bot[bot]');
      prNumber = gh.state.addPullRequest('acme', 'widgets', {
        head: 'cyrus/eng-1-t1',
        title: 'ENG-1 notes',
      }).number;
      gh.state.addCheckSuite('acme', 'widgets', headSha, {
        checkRuns: [{ name: 'test', conclusion: 'success' }],
      });

      workspace = join(dir, 'workspace');
      await git(dir, 'clone', '-q', bare, workspace);
      await git(workspace, 'remote', 'set-url', 'origin', `${gh.url}/acme/widgets.git`);
      await git(
        workspace,
        'config',
        '--local',
        `http.${gh.url}/.extraheader`,
        `AUTHORIZATION: basic ${CHECKOUT_BASIC}`,
      );
      logger = new MemoryLogger();
    });
    afterEach(async () => {
      await gh.close();
      await rm(dir, { recursive: true, force: true });
      await rm(hostDir, { recursive: true, force: true });
    });

    const validate = async (api: AnthropicStandIn) => {
      const clock = new SteppingClock();
      return validatePullRequest({
        github: gatewayFor(gh),
        pullNumber: prNumber,
        deadline: clock.now() + 30 * 60_000,
        clock,
        logger,
        checkout: {
          repoDir: workspace,
          // The action's own token is another one: the persisted one is found in the workspace.
          remote: { url: `${gh.url}/acme/widgets.git`, auth: GitAuth.fromToken(ACTION_TOKEN, gh.url) },
          tempRoot: dir,
        },
        review: {
          binary: cli.claude(),
          env: claudeTestEnv(api.url, await makeClaudeHome()),
          maxTurns: 5,
          sandbox: await testSandbox(),
        },
        redact: [ACTION_SECRET],
      });
    };

    it('drops a symlink that leaves the checkout before the reviewer can Read it; one inside still reads', async () => {
      const api = await cli.start({
        script: (request, index): Turn => {
          const cwd = workingDirectory(request);
          if (index === 0) {
            return {
              toolCalls: [
                { name: 'Read', input: { file_path: join(cwd, 'notes.txt') } },
                { name: 'Read', input: { file_path: join(cwd, 'guide-link.md') } },
              ],
            };
          }
          // The model quotes whatever it read into its review.
          const read = request.toolResults.map((r) => r.content).join('\n');
          return structuredOutput({ verdict: 'comment', summary: `Read: ${read}`, findings: [] });
        },
      });
      const verdict = await validate(api);

      // Not `toContain`: its failure would print every request.
      const sent = JSON.stringify(api.requests.map((r) => r.body));
      expect(sent.includes(HOST_SECRET)).toBe(false);
      const results = api.mainRequests()[1]?.toolResults ?? [];
      expect(results).toHaveLength(2);
      expect(results[0]?.isError).toBe(true);
      expect(results[1]?.content).toContain(GUIDE);

      const reviews = gh.state.reviews('acme', 'widgets', prNumber);
      expect(reviews).toHaveLength(1);
      expect(reviews[0]?.body).not.toContain(HOST_SECRET);
      expect(reviews[0]?.body).toContain(GUIDE);
      expect(verdict.reasons).toContain(
        'symlinks pointing outside the repository were removed from the checkout before the command and the review: "notes.txt"',
      );
      expect(logger.lines.some((e) => e.level === 'warning' && e.message.includes('"notes.txt"'))).toBe(true);
    }, 180_000);

    it('posts a review whose tokens are redacted and whose closing keywords, mentions and images are neutralised', async () => {
      const hostile = `Uses ${CHECKOUT_TOKEN} and ${ACTION_SECRET}. Fixes #1. cc @acme/team ![x](https://evil.example/p.png)`;
      const api = await cli.start({
        script: () =>
          structuredOutput({
            verdict: 'request_changes',
            summary: hostile,
            findings: [
              { severity: 'major', file: 'src/a.ts\n\n![y](https://evil.example/f.png)', message: hostile },
            ],
          }),
      });
      const verdict = await validate(api);

      const reviews = gh.state.reviews('acme', 'widgets', prNumber);
      expect(reviews).toHaveLength(1);
      const body = reviews[0]?.body ?? '';
      for (const secret of [CHECKOUT_TOKEN, CHECKOUT_BASIC, ACTION_SECRET])
        expect(body).not.toContain(secret);
      expect(body).toContain('Uses *** and ***.');
      expect(body).not.toMatch(/\bFixes #1/i);
      expect(body).toContain('F\u200bixes #1');
      expect(body).not.toMatch(/(^|[^\w`])@acme\/team/);
      expect(body).toContain('@\u200bacme/team');
      expect(body).not.toContain('](https://evil.example');
      expect(body).not.toContain('evil.example/f.png');
      expect(body).toContain('[image: x]');
      expect(verdict.evidence.review).toBe(body);
    }, 180_000);
  },
);

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitAuth } from '../../src/git/index.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { type ValidatePullRequestInput, validatePullRequest } from '../../src/validation/index.js';
import { testSandbox } from '../helpers/sandbox.js';
import { NO_SANDBOX } from '../helpers/sandbox-gate.js';
import { type GitHubStandIn, startGitHubStandIn } from '../standins/github/index.js';
import { gatewayFor, SteppingClock } from './helpers.js';

// Undefined only when the file is skipped (no bubblewrap on a developer's machine).
const sandbox = NO_SANDBOX ? undefined : await testSandbox();
const decoys: ChildProcess[] = [];

const exec = promisify(execFile);
const TOKEN = 'ghs_test';
const DROPPED_LINK =
  'symlinks pointing outside the repository were removed from the checkout before the command and the review: "host-link"';
const BASIC = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');

/** Async: the stand-in serving git smart HTTP runs in this process. */
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

/** Whether a process runs (a zombie waiting for a reaper does not; containers may have none). */
/** Processes on this machine whose command line holds `needle`: a survivor of the sandbox. */
function processesWith(needle: string): string[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .flatMap((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
        return cmdline.includes(needle) ? [`${pid}: ${cmdline}`] : [];
      } catch {
        return [];
      }
    });
}

describe.skipIf(NO_SANDBOX)(
  'validatePullRequest: the validate-command in a secret-free checkout of the PR head',
  () => {
    let gh: GitHubStandIn;
    let dir: string;
    let workspace: string;
    let headSha: string;
    let prNumber: number;
    let logger: MemoryLogger;

    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'cyrus-validate-test-'));
      const bare = join(dir, 'widgets.git');
      const seed = join(dir, 'seed');
      await git(dir, 'init', '-q', '--bare', '-b', 'main', bare);
      await git(dir, 'init', '-q', '-b', 'main', seed);
      await writeFile(join(seed, 'package.json'), '{"name":"widgets"}\n');
      await writeFile(join(seed, 'CLAUDE.md'), 'base rules\n');
      await git(seed, 'add', '.');
      await git(seed, 'commit', '-q', '-m', 'initial');
      await git(seed, 'push', '-q', bare, 'main');
      await git(seed, 'checkout', '-q', '-b', 'cyrus/eng-1-t1');
      await writeFile(join(seed, 'feature.sh'), 'echo "feature works"\n');
      // The PR brings its own Claude Code project files: a hook, an MCP server, other rules.
      await mkdir(join(seed, '.claude'), { recursive: true });
      await writeFile(join(seed, '.claude', 'settings.json'), '{"hooks":{}}\n');
      await writeFile(join(seed, '.mcp.json'), '{"mcpServers":{}}\n');
      await writeFile(join(seed, 'CLAUDE.md'), 'PR rules\n');
      // A link to a host file: the command must not be able to follow it out of the checkout.
      await symlink('/etc/hostname', join(seed, 'host-link'));
      await git(seed, 'add', '.');
      await git(seed, 'commit', '-q', '-m', 'ENG-1: feature');
      await git(seed, 'push', '-q', bare, 'cyrus/eng-1-t1');
      headSha = await git(seed, 'rev-parse', 'HEAD');

      gh = await startGitHubStandIn();
      gh.state.addRepo({ owner: 'acme', repo: 'widgets', gitDir: bare });
      prNumber = gh.state.addPullRequest('acme', 'widgets', {
        head: 'cyrus/eng-1-t1',
        title: 'ENG-1 t1',
      }).number;
      gh.state.addCheckSuite('acme', 'widgets', headSha, {
        checkRuns: [{ name: 'test', conclusion: 'success' }],
      });

      // The workspace as actions/checkout leaves it: the token persisted in .git/config.
      workspace = join(dir, 'workspace');
      await git(dir, 'clone', '-q', bare, workspace);
      await git(workspace, 'remote', 'set-url', 'origin', `${gh.url}/acme/widgets.git`);
      await git(
        workspace,
        'config',
        '--local',
        `http.${gh.url}/.extraheader`,
        `AUTHORIZATION: basic ${BASIC}`,
      );
      logger = new MemoryLogger();
    });
    afterEach(async () => {
      for (const decoy of decoys.splice(0)) decoy.kill('SIGKILL');
      await gh.close();
      await rm(dir, { recursive: true, force: true });
    });

    const input = (run: string, extra: Partial<ValidatePullRequestInput> = {}): ValidatePullRequestInput => {
      const clock = new SteppingClock();
      return {
        github: gatewayFor(gh),
        pullNumber: prNumber,
        deadline: clock.now() + 30 * 60_000,
        clock,
        logger,
        checkout: {
          repoDir: workspace,
          remote: { url: `${gh.url}/acme/widgets.git`, auth: GitAuth.fromToken(TOKEN, gh.url) },
          tempRoot: dir,
        },
        command: { run, timeoutMs: 20_000, sandbox },
        ...extra,
      };
    };

    it('passes when the command passes in a checkout of the PR head', async () => {
      const verdict = await validatePullRequest(input('test "$(bash feature.sh)" = "feature works"'));
      expect(verdict.verdict).toBe('passed');
      expect(verdict.reasons).toEqual([
        `CI: 1 check passed on ${headSha.slice(0, 7)}`,
        DROPPED_LINK,
        expect.stringMatching(/^validate-command `test .*` passed in \d+ s$/),
      ]);
      expect(verdict.evidence.commandOutput).toBe('');
      // Its own copy, not a worktree of the workspace: the workspace has no trace of it.
      expect((await git(workspace, 'worktree', 'list')).split('\n')).toHaveLength(1);
      expect(await git(workspace, 'branch', '--list', 'cyrus-validate/*')).toBe('');
    });

    it('checks out the PR head with the base branch’s Claude Code files (.claude/, .mcp.json, CLAUDE.md)', async () => {
      const verdict = await validatePullRequest(
        input('cat CLAUDE.md; ls -a; test -e feature.sh && test ! -e .claude && test ! -e .mcp.json'),
      );
      expect(verdict.reasons[2]).toMatch(/passed/);
      expect(verdict.evidence.commandOutput).toContain('base rules');
      expect(verdict.evidence.commandOutput).not.toContain('PR rules');
    });

    it('runs without the PR head’s symlinks that leave the checkout, and says so', async () => {
      const verdict = await validatePullRequest(input('test ! -e host-link && test ! -L host-link && ls'));
      expect(verdict.verdict).toBe('passed');
      expect(verdict.reasons).toContain(DROPPED_LINK);
      expect(verdict.evidence.commandOutput).toContain('feature.sh');
      expect(logger.lines).toContainEqual({
        level: 'warning',
        message: `validation: PR #${prNumber} has symlinks pointing outside the repository; removed from the checkout: "host-link"`,
      });
    });

    it('fails with the command’s output as evidence, shown in the check run', async () => {
      const verdict = await validatePullRequest(
        input('echo "running 12 tests"; echo "FAIL auth.test.ts: expected 200, got 500" >&2; exit 3'),
      );
      expect(verdict.verdict).toBe('failed');
      expect(verdict.reasons[2]).toMatch(/^validate-command `echo .*` failed with exit code 3 after \d+ s$/);
      expect(verdict.evidence.commandOutput).toBe(
        'running 12 tests\nFAIL auth.test.ts: expected 200, got 500\n',
      );
      expect(verdict.evidence.failingChecks).toEqual([]);
      const run = gh.state.checkRuns('acme', 'widgets', headSha).find((r) => r.name === 'Cyrus validation');
      expect(run).toMatchObject({ conclusion: 'failure' });
      expect(run?.output.summary).toContain('FAIL auth.test.ts: expected 200, got 500');
    });

    it('gives the command no secret: not in its environment, not in the git config it can read', async () => {
      const secrets = {
        GITHUB_TOKEN: 'ghs_parentEnvironmentToken0123456789',
        'INPUT_GITHUB-TOKEN': 'ghs_inputToken0123456789abcdef',
        INPUT_LINEAR_API_KEY: 'lin_api_parentSecret0123456789',
        ANTHROPIC_API_KEY: 'sk-ant-parentSecret0123456789',
        ACTIONS_RUNTIME_TOKEN: 'runtime-parentSecret0123456789',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-parentSecret0123456789',
        CODEGEN_API_TOKEN: 'cg-parentSecret0123456789',
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: `http.${gh.url}/.extraheader`,
        GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${BASIC}`,
      };
      const saved = Object.fromEntries(Object.keys(secrets).map((k) => [k, process.env[k]]));
      Object.assign(process.env, secrets);
      // The output is masked with the action's secrets before it is evidence: base64 gets past the mask.
      let output = '';
      try {
        const verdict = await validatePullRequest(
          input(
            "(env; echo '== git'; git config --list --show-origin; cat feature.sh; for f in /proc/[0-9]*/environ; do tr '\\0' '\\n' < $f; done; cat /proc/1/cmdline) 2>&1 | base64 -w0",
          ),
        );
        expect(verdict.verdict).toBe('passed');
        output = Buffer.from(verdict.evidence.commandOutput ?? '', 'base64').toString('utf8');
      } finally {
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      }
      for (const value of [...Object.values(secrets), TOKEN, BASIC]) {
        if (value.length > 8) expect(output).not.toContain(value);
      }
      expect(output).not.toMatch(/^(GITHUB_TOKEN|INPUT_|ACTIONS_|GIT_CONFIG_COUNT|ANTHROPIC_)/m);
      expect(output).toMatch(/^CI=true$/m);
      expect(output).toMatch(/^PATH=/m);
      const home = /^HOME=(.*)$/m.exec(output)?.[1] ?? '';
      expect(home).not.toBe(homedir());
      expect(home.startsWith(tmpdir())).toBe(true);
      expect(output).not.toContain('extraheader');
      // It ran on the PR head, as another user.
      expect(output).toContain('feature works');
      // The workspace the action checked out lost its persisted token too.
      expect(await readFile(join(workspace, '.git', 'config'), 'utf8')).not.toContain(BASIC);
    });

    it('hunts for tokens in vain: not in the action’s processes, not in the workspace, and nothing outlives it', async () => {
      decoys.push(
        spawn('sleep', ['120'], {
          env: { PATH: process.env.PATH, 'INPUT_GITHUB-TOKEN': 'ghs_decoyToken0123456789' },
          stdio: 'ignore',
        }),
      );
      const verdict = await validatePullRequest(
        input(
          `(for f in /proc/[0-9]*/environ; do tr '\\0' '\\n' < $f; done; cat ${workspace}/.git/config; ls /proc | grep -cE '^[0-9]+$'; id -u) 2>&1 | base64 -w0; setsid sleep 61.2345 > /dev/null 2>&1 < /dev/null &`,
        ),
      );
      expect(verdict.verdict).toBe('passed');
      const output = Buffer.from(verdict.evidence.commandOutput ?? '', 'base64').toString('utf8');
      expect(output).not.toContain('ghs_decoyToken0123456789');
      expect(output).not.toContain(BASIC);
      expect(output).toMatch(/^64201$/m);
      expect(processesWith('61.2345')).toEqual([]);
    });

    it('kills the command’s whole process group at its timeout', async () => {
      const run = 'sleep 60.4321 & echo started; sleep 60';
      const verdict = await validatePullRequest(input(run, { command: { run, timeoutMs: 500, sandbox } }));
      expect(verdict.verdict).toBe('failed');
      expect(verdict.reasons[2]).toMatch(/timed out after \d+ s; its process group was killed$/);
      expect(verdict.evidence.commandOutput).toBe('started\n');
      expect(processesWith('60.4321')).toEqual([]);
    });

    it('does not run the command at all without a sandbox (fails closed)', async () => {
      const verdict = await validatePullRequest(input('true', { command: { run: 'true' } }));
      expect(verdict.verdict).toBe('failed');
      expect(verdict.reasons[2]).toBe('validate-command `true` did not run: no sandbox to run it in');
    });

    it('keeps the tail of long output and masks the action’s secrets in it', async () => {
      const verdict = await validatePullRequest(
        input('seq 1 20000; echo "leaked ghs_test? no: hunter2-secret-value"; exit 1', {
          command: {
            sandbox,
            run: 'seq 1 20000; echo "token hunter2-secret-value"; exit 1',
            maxOutputBytes: 1000,
            timeoutMs: 20_000,
          },
          redact: ['hunter2-secret-value'],
        }),
      );
      const output = verdict.evidence.commandOutput ?? '';
      expect(output).toMatch(/^… \(\d+ earlier bytes cut\)\n/);
      expect(output.length).toBeLessThan(1100);
      expect(output).toContain('20000\ntoken ***\n');
    });

    it('throws when the PR head cannot be checked out, saying so on the check run instead of a verdict', async () => {
      await git(dir, '--git-dir', join(dir, 'widgets.git'), 'update-ref', '-d', 'refs/heads/cyrus/eng-1-t1');
      gh.state.addCheckSuite('acme', 'widgets', headSha, {
        checkRuns: [{ name: 'slow', status: 'in_progress' }],
      });
      await expect(validatePullRequest(input('true'))).rejects.toThrow(/git fetch/);
      const run = gh.state.checkRuns('acme', 'widgets', headSha).find((r) => r.name === 'Cyrus validation');
      expect(run).toMatchObject({ conclusion: 'neutral' });
      expect(run?.output.title).toBe('Validation could not finish');
      // The CI wait was cancelled with it: nothing polls after the error.
      const polled = gh.requests.length;
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(gh.requests.length).toBe(polled);
    });

    it('refuses a command without a checkout, clearly', async () => {
      const { checkout: _omit, ...rest } = input('true');
      await expect(validatePullRequest(rest)).rejects.toThrow(
        /validate-command needs the repository checked out/,
      );
    });
  },
);

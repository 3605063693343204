import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Git } from '../../../src/git/index.js';
import { sh, tempDirs } from '../../git/helpers/repos.js';
import { processesWith } from '../../helpers/processes.js';
import { NO_SANDBOX } from '../../helpers/sandbox-gate.js';
import { callTool, makeClaudeHome, say, useClaudeStandIns } from '../../standins/anthropic/index.js';
import {
  CODEGEN_TOKEN,
  context,
  FORBIDDEN,
  GH_TOKEN,
  LINEAR_KEY,
  makeExecutor,
  runnerEnv,
  setupRepo,
} from './fixture.js';

/**
 * SPEC §9 against an agent that tries: each test scripts the real CLI (through the Messages
 * stand-in) to run the attack with its Bash tool, and checks that no token left. Whatever the agent
 * writes in its directory is committed and pushed, so its loot is read back from the branch.
 */
const dirs = tempDirs();
const cli = useClaudeStandIns();
const decoys: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const decoy of decoys.splice(0)) decoy.kill('SIGKILL');
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
afterAll(() => dirs.cleanup());

/** A process of the action's user holding the tokens in its environment, as the runner's node does. */
function decoyWithTokens(): void {
  decoys.push(
    spawn('sleep', ['120'], {
      env: {
        PATH: process.env.PATH,
        'INPUT_GITHUB-TOKEN': GH_TOKEN,
        LINEAR_API_KEY: LINEAR_KEY,
        CODEGEN_API_TOKEN: CODEGEN_TOKEN,
      },
      stdio: 'ignore',
    }),
  );
}

async function runAttack(bash: string, options: { git?: (home: string) => Git } = {}) {
  const repo = await setupRepo(dirs);
  cleanups.push(() => repo.gh.close());
  // One script, run by one simple command: the CLI asks approval for compound command lines.
  const script = join(repo.worktreeRoot, 'cyrus-wt-cyrus-eng-42-t1', 'attack.sh');
  const api = await cli.start({
    script: [
      callTool('Write', { file_path: script, content: `${bash}\n` }),
      callTool('Bash', { command: 'sh ./attack.sh', description: 'look around' }),
      say('Done.'),
    ],
  });
  const home = await makeClaudeHome();
  const { executor, logger } = await makeExecutor(
    repo,
    { binary: cli.claude(), sourceEnv: runnerEnv(api.url, home) },
    options.git ? { git: options.git(home) } : {},
  );
  const result = await executor.execute('look around', context(repo));
  /** What the CLI answered the Bash call (the tool result the model got back). */
  const toolResult =
    /"tool_result".{0,1500}/s.exec(JSON.stringify(api.mainRequests()[2]?.body ?? ''))?.[0] ?? '';
  return { repo, result, logger, home, toolResult };
}

const readAll = "for f in /proc/[0-9]*/environ; do tr '\\0' '\\n' < $f; done";
const readParents =
  "p=$$; while [ \"$p\" -gt 1 ]; do echo \"== $p\"; tr '\\0' '\\n' < /proc/$p/environ; p=$(awk '/^PPid/{print $2}' /proc/$p/status); done";

describe.skipIf(NO_SANDBOX)('an agent with Bash, sandboxed', () => {
  it("cannot read a token from /proc/*/environ: not the action's processes, not its own parents'", async () => {
    decoyWithTokens();
    const { repo, result } = await runAttack(
      `(${readAll}; ${readParents}; echo "pids: $(ls /proc | grep -cE '^[0-9]+$')"; id) > loot.txt 2>&1; true`,
    );

    expect(result.failure).toBeUndefined();
    const loot = sh(repo.bare, 'show', 'cyrus/eng-42-t1:loot.txt');
    // The attack ran (it saw its own environment) and got nothing else.
    expect(loot).toContain('ANTHROPIC_API_KEY=');
    for (const secret of FORBIDDEN) expect(loot).not.toContain(secret);
    expect(loot).toMatch(/uid=64201/);
    const pids = Number(/pids: (\d+)/.exec(loot)?.[1]);
    expect(pids).toBeLessThan(12);
  });

  it('cannot leave a setsid process behind to copy the push header from git', async () => {
    const stolen = dirs.make('stolen');
    chmodSync(stolen, 0o777);
    // Unique to this run, so a process of another test run on the machine is not taken for ours.
    const marker = `31.${process.pid}`;
    const { repo, result } = await runAttack(
      `setsid sh -c 'while :; do (${readAll}) 2>/dev/null | grep -a -i -e authorization -e GIT_CONFIG_VALUE >> ${stolen}/header; sleep 0.02; done; sleep ${marker}' > /dev/null 2>&1 < /dev/null & setsid sleep ${marker} > /dev/null 2>&1 < /dev/null & echo started > watcher.txt`,
    );

    expect(result.failure).toBeUndefined();
    expect(sh(repo.bare, 'show', 'cyrus/eng-42-t1:watcher.txt')).toBe('started');
    expect(processesWith(`sleep ${marker}`)).toEqual([]);
    const header = existsSync(join(stolen, 'header')) ? readFileSync(join(stolen, 'header'), 'utf8') : '';
    for (const secret of FORBIDDEN) expect(header).not.toContain(secret);
  });

  it("cannot make the action's git run its code: a .git file to its own git dir with a filter, hooks and ~/.gitconfig", async () => {
    const marker = dirs.make('marker');
    chmodSync(marker, 0o777);
    const filter = `env > ${marker}/filter-ran; cat`;
    const { repo, result, logger, toolResult } = await runAttack(
      [
        'git init -q --bare "$PWD/.evil"',
        `git --git-dir=.evil config filter.x.clean '${filter}'`,
        'mkdir -p .evil/hooks',
        `printf '#!/bin/sh\\nenv > ${marker}/hook-ran\\n' > .evil/hooks/pre-commit`,
        'chmod +x .evil/hooks/pre-commit',
        // The worktree's .git file (and its commondir) repointed at the agent's git dir.
        'rm -rf .git; printf "gitdir: %s\\n" "$PWD/.evil" > .git',
        `printf '[filter "x"]\\n\\tclean = %s\\n' '${filter}' >> "$HOME/.gitconfig"`,
        "echo '* filter=x' > .gitattributes",
        'echo c > c.txt',
        'true',
      ].join('; '),
      // On a runner the agent and the action share HOME: the action's git reads that ~/.gitconfig.
      { git: (home) => new Git({ sourceEnv: { ...process.env, HOME: home } }) },
    );

    expect(toolResult).not.toContain('"is_error":true');
    expect(result.failure).toBeUndefined();
    expect(readdirSync(marker)).toEqual([]);
    expect(sh(repo.bare, 'show', 'cyrus/eng-42-t1:c.txt')).toBe('c');
    expect(logger.text()).toContain('git metadata (.git)');
  });

  it('cannot smuggle a file from outside its directory through a symlink: the import is refused', async () => {
    const { repo, result } = await runAttack('ln -s /proc/self/environ environ.txt; echo d > d.txt; true');

    expect(result).toMatchObject({ success: false, status: 'failed', branch: null });
    expect(result.failure?.message).toContain('environ.txt');
    expect(sh(repo.bare, 'branch', '--list', 'cyrus/eng-42-t1')).toBe('');
  });
});

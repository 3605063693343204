import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { UserError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import type { SandboxHost, SandboxIdentity } from './command-line.js';

/** A uid/gid no host account uses: no passwd entry means no sudo, no home, no groups. */
const DEFAULT_SANDBOX_IDENTITY: SandboxIdentity = { uid: 64_201, gid: 64_201 };
const SANDBOX_USER = 'cyrus-sandbox';

const APPARMOR_USERNS = '/proc/sys/kernel/apparmor_restrict_unprivileged_userns';
const STEP_MS = 30_000;
const INSTALL_MS = 300_000;

export class SandboxUnavailableError extends UserError {}

export interface HostProbeOptions {
  env?: NodeJS.ProcessEnv;
  identity?: SandboxIdentity;
  /** Where the sandbox's passwd/group files go; RUNNER_TEMP or the OS temp dir. */
  tempRoot?: string;
  logger?: Logger;
  /** Current uid; process.getuid() by default (injectable for tests of the decision). */
  uid?: number;
}

interface Ran {
  code: number | null;
  output: string;
}

/** Runs a short helper with a deadline; never throws. */
export function runHelper(
  file: string,
  args: readonly string[],
  timeoutMs: number,
  env?: NodeJS.ProcessEnv,
): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(file, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: env ?? { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, output: error.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output: output.trim() });
    });
  });
}

function which(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '/usr/bin:/bin').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir !== '' && existsSync(candidate)) return candidate;
  }
  for (const dir of ['/usr/bin', '/bin', '/usr/sbin', '/sbin']) {
    if (existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

const WHAT_TO_DO = [
  'on a GitHub-hosted Ubuntu runner this works as is (the action installs bubblewrap with sudo)',
  'on a self-hosted runner: install bubblewrap (`apt-get install -y bubblewrap`) and util-linux (setpriv), and run the job as root or as a user with passwordless sudo',
];

/**
 * Finds what the sandbox needs on this machine, doing what GitHub-hosted runners need the way
 * anthropics/claude-code-action does (install bubblewrap, lift Ubuntu 24.04's AppArmor userns
 * restriction) with `sudo -n`. Throws SandboxUnavailableError, naming why and what to do, when it
 * cannot: untrusted code never runs unsandboxed because of that.
 */
export async function probeSandboxHost(options: HostProbeOptions = {}): Promise<SandboxHost> {
  const env = options.env ?? process.env;
  const logger = options.logger;
  if (process.platform !== 'linux') {
    throw new SandboxUnavailableError(
      `untrusted code (local agents, the reviewer, validate-command) runs only in a Linux sandbox; this runner is ${process.platform}`,
      ['run the job on ubuntu-latest, or use cloud-only execution without validate-command and review'],
    );
  }
  const uid = options.uid ?? process.getuid?.() ?? -1;
  let elevate: string[] = [];
  if (uid !== 0) {
    const sudo = which('sudo', env);
    const probe = sudo
      ? await runHelper(sudo, ['-n', 'true'], STEP_MS)
      : { code: null, output: 'sudo not found' };
    if (probe.code !== 0) {
      throw new SandboxUnavailableError(
        `the sandbox for untrusted code cannot start: it needs root or passwordless sudo to switch to another user, and this job runs as uid ${uid} without either (${probe.output || 'sudo -n failed'})`,
        WHAT_TO_DO,
      );
    }
    elevate = [sudo as string, '-n', '-E'];
  }
  let bwrap = which('bwrap', env);
  if (!bwrap && env.GITHUB_ACTIONS === 'true') {
    logger?.info('sandbox: installing bubblewrap and socat (apt-get), as anthropics/claude-code-action does');
    const apt = [...elevate, 'apt-get'];
    const [file, ...args] = apt;
    const aptEnv = { PATH: env.PATH ?? '/usr/bin:/bin', DEBIAN_FRONTEND: 'noninteractive' };
    await runHelper(file as string, [...args, 'update', '-qq'], INSTALL_MS, aptEnv);
    await runHelper(
      file as string,
      [...args, 'install', '-y', '-qq', 'bubblewrap', 'socat'],
      INSTALL_MS,
      aptEnv,
    );
    bwrap = which('bwrap', env);
  }
  const setpriv = which('setpriv', env);
  if (!bwrap || !setpriv) {
    throw new SandboxUnavailableError(
      `the sandbox for untrusted code cannot start: ${bwrap ? '' : 'bubblewrap (bwrap) '}${!bwrap && !setpriv ? 'and ' : ''}${setpriv ? '' : 'setpriv '}not found on this runner`,
      WHAT_TO_DO,
    );
  }
  await liftAppArmorUsernsRestriction(elevate, logger);
  const identity = options.identity ?? DEFAULT_SANDBOX_IDENTITY;
  const dir = await mkdtemp(join(options.tempRoot ?? env.RUNNER_TEMP ?? tmpdir(), 'cyrus-sandbox-etc-'));
  const passwdFile = join(dir, 'passwd');
  const groupFile = join(dir, 'group');
  await writeFile(
    passwdFile,
    `root:x:0:0:root:/root:/bin/sh\n${SANDBOX_USER}:x:${identity.uid}:${identity.gid}::/home/${SANDBOX_USER}:/bin/sh\n`,
    { mode: 0o644 },
  );
  await writeFile(groupFile, `root:x:0:\n${SANDBOX_USER}:x:${identity.gid}:\n`, { mode: 0o644 });
  return { bwrap, setpriv, elevate, identity, passwdFile, groupFile };
}

/** Ubuntu 24.04 forbids unprivileged user namespaces to unconfined programs; bwrap may need them. */
async function liftAppArmorUsernsRestriction(elevate: readonly string[], logger?: Logger): Promise<void> {
  if (!existsSync(APPARMOR_USERNS)) return;
  if (readFileSync(APPARMOR_USERNS, 'utf8').trim() === '0') return;
  const [file, ...args] = [...elevate, 'sysctl', '-w', 'kernel.apparmor_restrict_unprivileged_userns=0'];
  const lifted = await runHelper(file as string, args, STEP_MS);
  if (lifted.code === 0) logger?.info('sandbox: lifted kernel.apparmor_restrict_unprivileged_userns');
  else
    logger?.warning(`sandbox: could not lift kernel.apparmor_restrict_unprivileged_userns: ${lifted.output}`);
}

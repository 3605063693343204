import { realpathSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { type SandboxHost, type SandboxRun, sandboxCommandLine } from './command-line.js';
import { type HostProbeOptions, probeSandboxHost, runHelper, SandboxUnavailableError } from './host.js';

const CHOWN_MS = 120_000;

/** Hidden in every sandbox: the host's temp dirs and sockets (docker's included), root's home. */
const ALWAYS_HIDDEN = ['/tmp', '/var/tmp', '/run', '/dev/shm', '/root'];

/** tmpfs goes on real directories only (`/var/run` is a symlink to `/run`). */
function existingRealDirs(dirs: readonly string[]): string[] {
  const out = new Set<string>();
  for (const dir of dirs) {
    try {
      const real = realpathSync(dir);
      if (statSync(real).isDirectory() && real !== '/') out.add(real);
    } catch {
      // Not there: nothing to hide.
    }
  }
  return [...out];
}

/**
 * The sandbox every untrusted process runs in (see command-line.ts). Made once per job by
 * `Sandbox.prepare`, which starts it once to prove it works: if it cannot, the job fails closed.
 */
export class Sandbox {
  private constructor(
    readonly host: SandboxHost,
    /** Wall time of the proving start (`true` in the sandbox), for the log and README. */
    readonly startupMs: number,
  ) {}

  static async prepare(options: HostProbeOptions = {}): Promise<Sandbox> {
    const host = await probeSandboxHost(options);
    const probe = sandboxCommandLine(host, {
      command: '/bin/sh',
      args: ['-c', `test "$(id -u)" = ${host.identity.uid}`],
      cwd: '/',
      writable: [],
      hidden: [],
    });
    const started = performance.now();
    const ran = await runHelper(probe.file, probe.args, 30_000);
    const startupMs = performance.now() - started;
    if (ran.code !== 0) {
      throw new SandboxUnavailableError(
        `the sandbox for untrusted code did not start (bubblewrap exit ${ran.code}): ${ran.output || 'no output'}`,
        [
          'on Ubuntu 24.04 runners the action lifts kernel.apparmor_restrict_unprivileged_userns itself; elsewhere check that bwrap runs (`sudo bwrap --ro-bind / / --unshare-pid true`)',
          'in a container, run it with --privileged or with CAP_SYS_ADMIN, or run local execution on a VM runner',
        ],
      );
    }
    options.logger?.info(
      `sandbox: ready (bubblewrap + setpriv, uid ${host.identity.uid}, started in ${Math.round(startupMs)} ms)`,
    );
    return new Sandbox(host, startupMs);
  }

  /** The command line that runs `run` sandboxed (the host's temp dirs and sockets always hidden). */
  commandLine(run: SandboxRun): { file: string; args: string[] } {
    return sandboxCommandLine(this.host, {
      ...run,
      hidden: existingRealDirs([...ALWAYS_HIDDEN, ...run.hidden]),
    });
  }

  /** Makes `dir` (and everything in it) the sandbox user's, so the sandbox can write there. */
  giveToSandbox(dir: string): Promise<void> {
    const { uid, gid } = this.host.identity;
    return this.chown(dir, uid, gid);
  }

  /** Takes `dir` back for the action (it reads what the sandbox left there). */
  takeBack(dir: string): Promise<void> {
    return this.chown(dir, process.getuid?.() ?? 0, process.getgid?.() ?? 0);
  }

  private async chown(dir: string, uid: number, gid: number): Promise<void> {
    const [file, ...args] = [...this.host.elevate, 'chown', '-R', '-P', '-h', `${uid}:${gid}`, dir];
    const ran = await runHelper(file as string, args, CHOWN_MS);
    if (ran.code !== 0)
      throw new Error(`could not change the owner of ${dir} to ${uid}:${gid}: ${ran.output}`);
  }
}

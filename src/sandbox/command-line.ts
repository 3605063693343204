/**
 * The one command line every untrusted process runs under (a security rule): bubblewrap, started with the
 * privilege to mount (root, or `sudo -n` on a runner), gives it fresh PID, IPC and UTS namespaces,
 * a read-only view of the host with the action's own directories hidden under empty tmpfs, and
 * only the directories it may change writable; then `setpriv` drops it to a dedicated uid that
 * has no passwd entry on the host (so no sudo), no groups, no capabilities and no new privileges.
 * Pure: it only builds argv.
 */

export interface SandboxIdentity {
  uid: number;
  gid: number;
}

export interface SandboxMount {
  source: string;
  /** Path inside the sandbox; the source path by default. */
  dest?: string;
}

export interface SandboxRun {
  /** Program as seen inside the sandbox (a path under a `readOnly` mount, or on the host's PATH). */
  command: string;
  args: readonly string[];
  /** Working directory inside the sandbox. */
  cwd: string;
  /** Mounted read-write. */
  writable: readonly SandboxMount[];
  /** Mounted read-only on top of everything else (a binary out of a hidden directory, say). */
  readOnly?: readonly SandboxMount[];
  /** Host directories (real paths, existing) the sandbox must not see at all: each becomes an empty tmpfs. */
  hidden: readonly string[];
  /** Non-secret variables set inside; secret ones travel in the spawn environment, never in argv. */
  setEnv?: Readonly<Record<string, string>>;
}

export interface SandboxHost {
  /** bubblewrap's path on the host. */
  bwrap: string;
  /** setpriv's path on the host (visible inside, since the host's / is mounted read-only). */
  setpriv: string;
  /** Prefix that gives bubblewrap the privilege to mount: [] as root, `sudo -n -E` on a runner. */
  elevate: readonly string[];
  identity: SandboxIdentity;
  /** A passwd and a group file naming the sandbox user, bound over /etc/passwd and /etc/group. */
  passwdFile: string;
  groupFile: string;
}

export function sandboxCommandLine(host: SandboxHost, run: SandboxRun): { file: string; args: string[] } {
  const args: string[] = [
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    // The sandbox ends with its parent, and its pid 1 takes every process (setsid ones too) with it.
    '--die-with-parent',
    '--new-session',
    '--ro-bind',
    '/',
    '/',
    '--dev',
    '/dev',
    '--proc',
    '/proc',
  ];
  // Parents first, so a hidden directory inside another one is hidden too.
  const hidden = [...new Set(run.hidden)].sort((a, b) => a.length - b.length);
  // Shared temp dirs stay writable (sticky) for the sandbox user; the rest are root's, read-only to it.
  const sticky = new Set(['/tmp', '/var/tmp', '/dev/shm']);
  for (const dir of hidden) args.push(...(sticky.has(dir) ? ['--perms', '1777'] : []), '--tmpfs', dir);
  args.push('--ro-bind', host.passwdFile, '/etc/passwd', '--ro-bind', host.groupFile, '/etc/group');
  // A mount point's parents made by bwrap would be private to root: make them traversable.
  const parentOf = (path: string) => path.replace(/\/[^/]*\/?$/, '') || '/';
  for (const mount of run.readOnly ?? []) {
    const dest = mount.dest ?? mount.source;
    args.push('--perms', '0755', '--dir', parentOf(dest), '--ro-bind', mount.source, dest);
  }
  for (const mount of run.writable) {
    const dest = mount.dest ?? mount.source;
    args.push('--perms', '0755', '--dir', parentOf(dest), '--bind', mount.source, dest);
  }
  for (const [name, value] of Object.entries(run.setEnv ?? {})) args.push('--setenv', name, value);
  // What sudo adds to the environment says nothing the sandbox needs.
  for (const name of ['SUDO_COMMAND', 'SUDO_USER', 'SUDO_UID', 'SUDO_GID', 'MAIL']) {
    args.push('--unsetenv', name);
  }
  args.push('--chdir', run.cwd, '--', host.setpriv);
  const { uid, gid } = host.identity;
  args.push(
    `--reuid=${uid}`,
    `--regid=${gid}`,
    '--clear-groups',
    '--no-new-privs',
    '--inh-caps=-all',
    '--bounding-set=-all',
    '--',
    run.command,
    ...run.args,
  );
  const [first, ...rest] = host.elevate;
  return first === undefined
    ? { file: host.bwrap, args }
    : { file: first, args: [...rest, host.bwrap, ...args] };
}

import type { ChildProcess } from 'node:child_process';

/**
 * Signals a child's whole process group (it must have been spawned `detached`), so nothing it
 * started outlives it. On Windows, where groups work differently, only the child is signalled.
 */
export function signalProcessGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') child.kill(signal);
    else process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

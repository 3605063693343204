import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** The one command that gives a Debian or Ubuntu machine the sandbox (setpriv comes with util-linux). */
export const SANDBOX_INSTALL_COMMAND = 'sudo apt-get install -y bubblewrap';

function onPath(name: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The sandbox's programs this machine lacks (bubblewrap's `bwrap`, util-linux's `setpriv`). */
export function missingSandboxTools(env: NodeJS.ProcessEnv = process.env): string[] {
  return ['bwrap', 'setpriv'].filter((name) => !onPath(name, env));
}

import { inheritedChildEnv } from '../util/child-env.js';

/**
 * The environment of a validate-command: the shared child-environment policy (no token, no git
 * config by environment, proxies only without credentials), and a HOME and TMPDIR of its own, so
 * neither the user's ~/.gitconfig nor a credential helper there is read.
 */
export interface CommandDirs {
  /** A fresh, empty HOME. */
  home: string;
  /** A fresh TMPDIR. */
  tmp: string;
}

export function buildCommandEnv(source: NodeJS.ProcessEnv, dirs: CommandDirs): Record<string, string> {
  return {
    ...inheritedChildEnv(source),
    HOME: dirs.home,
    USERPROFILE: dirs.home,
    TMPDIR: dirs.tmp,
    TMP: dirs.tmp,
    TEMP: dirs.tmp,
    CI: 'true',
    // git in the command reads no system or global config and never prompts.
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
  };
}
